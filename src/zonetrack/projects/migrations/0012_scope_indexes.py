# Indexes covering the project lists and their filtered totals of a scope.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0011_enterprise_profile'),
        ('registry', '0004_seed_clusters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('archived_at__isnull', True)), fields=['zone', '-updated_at', '-id'], include=('stage', 'verified_stage', 'total_investment_wan', 'cluster', 'is_provincial_key', 'is_city_key'), name='project_scope'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('archived_at__isnull', True)), fields=['cluster', 'zone', '-updated_at', '-id'], include=('stage', 'verified_stage', 'total_investment_wan', 'is_provincial_key', 'is_city_key'), name='project_scope_cluster'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('archived_at__isnull', True), ('is_provincial_key', True)), fields=['zone', '-updated_at', '-id'], include=('stage', 'verified_stage', 'total_investment_wan', 'cluster'), name='project_scope_provincial'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('archived_at__isnull', True), ('is_city_key', True)), fields=['zone', '-updated_at', '-id'], include=('stage', 'verified_stage', 'total_investment_wan', 'cluster'), name='project_scope_city'),
        ),
    ]
