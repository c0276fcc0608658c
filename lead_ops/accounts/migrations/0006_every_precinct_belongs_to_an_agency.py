import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_existing_precincts_join_one_police_agency")]

    operations = [
        migrations.AlterField(
            model_name="precinct",
            name="agency",
            field=models.ForeignKey(
                help_text="The law-enforcement agency this precinct belongs to.",
                limit_choices_to={"kind": "police"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="precincts",
                to="accounts.agency",
            ),
        ),
    ]
