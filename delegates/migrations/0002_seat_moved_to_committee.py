# Second half of the Seat move (issue 15): the model now lives in `committee` (see
# committee.0003_seat_moved_here). State only; the table `delegates_seat` stays as it is.
# The content type follows the model, so admin history and permissions keep pointing at it.

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, schema_editor, source, target):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=target, model='seat').exists():
        types.filter(app_label=source, model='seat').update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, 'delegates', 'committee')


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, 'committee', 'delegates')


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('committee', '0003_seat_moved_here'),
        ('delegates', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='positionpaper',
                    name='seat',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='position_papers', to='committee.seat', verbose_name='seat'),
                ),
                migrations.DeleteModel(name='Seat'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
