"""The alert, notification, webhook and delivery models move to the notices app, state only:
their tables and rows stay (see ``notices/migrations/0001_initial.py``)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0007_open_problems_index_unit"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(model_name="notification", name="alert"),
                migrations.RemoveField(model_name="delivery", name="webhook"),
                migrations.RemoveField(model_name="notification", name="user"),
                migrations.RemoveField(model_name="webhook", name="organisation"),
                migrations.DeleteModel(name="Alert"),
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="Webhook"),
            ],
        ),
    ]
