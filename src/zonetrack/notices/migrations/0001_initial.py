"""The alert, notification, webhook and delivery models move here from dispatch, state only:
their tables keep their names (``dispatch_*``) and rows, so nothing moves in the database.
Their content types follow them, so the history of each webhook stays readable."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["alert", "notification", "webhook", "delivery"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label="notices", model__in=MOVED).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label="dispatch", model__in=set(MOVED) - taken).update(
        app_label="notices"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="notices", model__in=MOVED).update(app_label="dispatch")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        # The tables were made by dispatch; they stay where they are.
        ('dispatch', '0007_open_problems_index_unit'),
        ('projects', '0010_report_photos'),
        ('registry', '0004_seed_clusters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=120, unique=True)),
                        ('kind', models.CharField(choices=[('milestone_overdue', 'Milestone overdue'), ('report_missing', 'Monthly report missing'), ('problem_overdue', 'Problem overdue'), ('problem_urged', 'Problem urged')], max_length=30, verbose_name='kind')),
                        ('text', models.CharField(max_length=300, verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('project', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='projects.project')),
                        ('zone', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.zone')),
                    ],
                    options={
                        'verbose_name': 'alert',
                        'verbose_name_plural': 'alerts',
                        'db_table': 'dispatch_alert',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Webhook',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='version')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('archived_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='archived at')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('url', models.CharField(max_length=500, verbose_name='webhook address')),
                        ('format', models.CharField(choices=[('generic', 'Generic JSON'), ('wecom', 'WeCom group robot'), ('dingtalk', 'DingTalk group robot')], default='generic', max_length=10, verbose_name='message format')),
                        ('secret', models.CharField(blank=True, max_length=200, verbose_name='signing secret')),
                        ('is_active', models.BooleanField(default=True, verbose_name='switched on')),
                        ('sends_digest', models.BooleanField(default=True, verbose_name='daily digest when there are many alerts')),
                        ('covers_below', models.BooleanField(default=False, verbose_name='also the alerts of the organisations below')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'alert webhook',
                        'verbose_name_plural': 'alert webhooks',
                        'db_table': 'dispatch_webhook',
                        'ordering': ['organisation_id', 'name', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('milestone_overdue', 'Milestone overdue'), ('report_missing', 'Monthly report missing'), ('problem_overdue', 'Problem overdue'), ('problem_urged', 'Problem urged')], max_length=30, verbose_name='kind')),
                        ('text', models.CharField(max_length=300, verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('alert', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='notices.alert')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'dispatch_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', 'read_at'], name='notification_unread')],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('webhook', 'Webhook')], max_length=10, verbose_name='channel')),
                        ('target', models.CharField(max_length=300, verbose_name='target')),
                        ('digest_on', models.DateField(blank=True, null=True, verbose_name='digest of')),
                        ('payload', models.JSONField(default=dict)),
                        ('status', models.CharField(choices=[('sent', 'Sent'), ('failed', 'Failed')], max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('webhook', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='deliveries', to='notices.webhook')),
                    ],
                    options={
                        'verbose_name': 'alert delivery',
                        'verbose_name_plural': 'alert deliveries',
                        'db_table': 'dispatch_delivery',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['webhook', 'digest_on'], name='delivery_digest')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
