# The Seat model moves from `delegates` to `committee` (issue 15: the core app imports no other).
# State only: the table keeps its name (`delegates_seat`), so no row moves and no column changes.
# `delegates.0002_seat_moved_to_committee` then drops the old model from the migration state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('committee', '0002_initial'),
        ('delegates', '0001_initial'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Seat',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('country', models.CharField(max_length=120, verbose_name='country')),
                ('iso_code', models.CharField(max_length=2, verbose_name='ISO code')),
                ('status', models.CharField(choices=[('voting', 'Member (voting)'), ('observer', 'Observer')], default='voting', max_length=10, verbose_name='status')),
                ('delegate_name', models.CharField(blank=True, help_text='Who holds the seat.', max_length=200, verbose_name='delegate')),
                ('join_code', models.CharField(blank=True, db_index=True, max_length=20, verbose_name='join code')),
                ('code_version', models.PositiveIntegerField(default=1, editable=False, verbose_name='code version')),
                ('code_issued_at', models.DateTimeField(blank=True, null=True, verbose_name='code issued')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='committee.committee', verbose_name='committee')),
            ],
            options={
                'verbose_name': 'seat',
                'verbose_name_plural': 'seats',
                'db_table': 'delegates_seat',
                'ordering': ['committee', 'country'],
                'constraints': [
                    models.UniqueConstraint(fields=('committee', 'iso_code'), name='unique_seat_country'),
                    models.UniqueConstraint(condition=models.Q(('join_code', ''), _negated=True), fields=('join_code',), name='unique_join_code'),
                ],
            },
        ),
        migrations.AlterField(
            model_name='committeeevent',
            name='seat',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='committee.seat', verbose_name='seat'),
        ),
        migrations.AlterField(
            model_name='liveconnection',
            name='seat',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='connections', to='committee.seat', verbose_name='seat'),
        ),
        migrations.AlterField(
            model_name='resolution',
            name='signatories',
            field=models.ManyToManyField(blank=True, related_name='signed', to='committee.seat', verbose_name='signatories'),
        ),
        migrations.AlterField(
            model_name='resolution',
            name='sponsors',
            field=models.ManyToManyField(blank=True, related_name='sponsored', to='committee.seat', verbose_name='sponsors'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
