"""URLs of promotion's spreadsheets: imports of leads and of a zone's chain map, their blank
sheets, and downloads of its ledgers and of a zone's chain map."""

from django.urls import URLPattern, path

from .views import sheets

urlpatterns: list[URLPattern] = [
    path("leads/import/", sheets.LeadImportView.as_view(), name="lead_import"),
    path("leads/import/template/", sheets.LeadTemplateView.as_view(), name="lead_import_template"),
    path("leads/export/", sheets.LeadExportView.as_view(), name="lead_export"),
    path("chains/import/", sheets.ChainImportView.as_view(), name="chain_import"),
    path(
        "chains/import/template/", sheets.ChainTemplateView.as_view(), name="chain_import_template"
    ),
    path("chains/export/", sheets.ChainExportView.as_view(), name="chain_export"),
    path("incentives/export/", sheets.AgreementExportView.as_view(), name="agreement_export"),
]
