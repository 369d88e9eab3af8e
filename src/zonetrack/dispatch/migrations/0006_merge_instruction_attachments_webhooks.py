"""Joins the instruction attachments and the alert webhooks, added side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0005_instruction_attachments"),
        ("dispatch", "0005_webhooks"),
    ]

    operations = []
