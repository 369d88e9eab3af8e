"""URLs of promotion."""

from django.urls import path

from . import firm_urls, sheet_urls, views

app_name = "promotion"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("leads/", views.LeadListView.as_view(), name="lead_list"),
    path("leads/board/", views.LeadBoardView.as_view(), name="lead_board"),
    path("leads/mine/", views.MyLeadsView.as_view(), name="lead_mine"),
    path("leads/new/", views.LeadCreateView.as_view(), name="lead_create"),
    path("leads/<int:lead_id>/", views.LeadDetailView.as_view(), name="lead_detail"),
    path("leads/<int:lead_id>/status/", views.LeadStatusView.as_view(), name="lead_status"),
    path("leads/<int:lead_id>/next/", views.NextActionView.as_view(), name="lead_next"),
    path(
        "leads/<int:lead_id>/interactions/new/",
        views.InteractionCreateView.as_view(),
        name="interaction_create",
    ),
    path("leads/<int:lead_id>/convert/", views.LeadConvertView.as_view(), name="lead_convert"),
    path("enquiries/", views.EnquiryListView.as_view(), name="enquiry_list"),
    path("enquiries/new/", views.EnquiryCreateView.as_view(), name="enquiry_create"),
    path(
        "enquiries/<int:enquiry_id>/respond/",
        views.EnquiryRespondView.as_view(),
        name="enquiry_respond",
    ),
    path(
        "enquiries/<int:enquiry_id>/close/", views.EnquiryCloseView.as_view(), name="enquiry_close"
    ),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/<int:event_id>/", views.EventDetailView.as_view(), name="event_detail"),
    path("incentives/", views.AgreementListView.as_view(), name="agreement_list"),
    path("incentives/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path(
        "incentives/<int:agreement_id>/",
        views.AgreementDetailView.as_view(),
        name="agreement_detail",
    ),
    path(
        "incentives/<int:agreement_id>/payments/",
        views.PaymentCreateView.as_view(),
        name="payment_create",
    ),
    path(
        "incentives/<int:agreement_id>/checks/",
        views.ConditionCheckView.as_view(),
        name="condition_check",
    ),
    path(
        "incentives/follow-ups/<int:incentive_follow_up_id>/close/",
        views.IncentiveFollowUpCloseView.as_view(),
        name="incentive_follow_up_close",
    ),
    path("chains/", views.ChainIndexView.as_view(), name="chain_index"),
    path(
        "zones/<int:zone_id>/chains/<int:chain_id>/",
        views.ChainMapView.as_view(),
        name="chain_map",
    ),
    path(
        "zones/<int:zone_id>/chains/<int:chain_id>/firms/new/",
        views.ChainFirmCreateView.as_view(),
        name="chain_firm_create",
    ),
    path(
        "zones/<int:zone_id>/chains/<int:chain_id>/targets/new/",
        views.TargetFirmCreateView.as_view(),
        name="target_firm_create",
    ),
    path(
        "zones/<int:zone_id>/chains/<int:chain_id>/place/",
        views.PlacementView.as_view(),
        name="chain_place",
    ),
    path(
        "chain-firms/<int:chain_firm_id>/archive/",
        views.ChainFirmArchiveView.as_view(),
        name="chain_firm_archive",
    ),
    path(
        "target-firms/<int:target_firm_id>/archive/",
        views.TargetFirmArchiveView.as_view(),
        name="target_firm_archive",
    ),
    path("trips/", views.TripListView.as_view(), name="trip_list"),
    path("trips/new/", views.TripCreateView.as_view(), name="trip_create"),
    path("trips/<int:trip_id>/", views.TripDetailView.as_view(), name="trip_detail"),
]
urlpatterns += sheet_urls.urlpatterns
urlpatterns += firm_urls.urlpatterns
