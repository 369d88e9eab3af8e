# An index covering the pipeline board's cards of a scope.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0012_scope_indexes'),
        ('registry', '0004_seed_clusters'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='project',
            index=models.Index(condition=models.Q(('archived_at__isnull', True)), fields=['zone', 'stage'], include=('total_investment_wan', 'name', 'id', 'cluster', 'is_provincial_key', 'is_city_key'), name='project_board'),
        ),
    ]
