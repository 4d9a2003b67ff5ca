from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0014_invitation_opened"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="reminders",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="invitation",
            name="reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
