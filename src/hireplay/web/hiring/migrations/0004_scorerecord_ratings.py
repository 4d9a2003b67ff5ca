from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hiring", "0003_candidate_stages")]

    operations = [
        migrations.AddField(
            model_name="scorerecord",
            name="ratings",
            field=models.JSONField(default=dict),
        ),
    ]
