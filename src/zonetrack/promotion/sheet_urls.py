"""URLs of promotion's spreadsheets: imports of leads and downloads of its ledgers."""

from django.urls import URLPattern, path

from .views import sheets

urlpatterns: list[URLPattern] = [
    path("leads/import/", sheets.LeadImportView.as_view(), name="lead_import"),
    path("leads/import/template/", sheets.LeadTemplateView.as_view(), name="lead_import_template"),
    path("leads/export/", sheets.LeadExportView.as_view(), name="lead_export"),
    path("incentives/export/", sheets.AgreementExportView.as_view(), name="agreement_export"),
]
