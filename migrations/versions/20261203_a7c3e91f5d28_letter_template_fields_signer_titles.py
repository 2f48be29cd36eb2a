"""letters: template fields, a campaign's field values, each signer's title

The seeded "defendant-case" template kept "[defendant's name]" and "[case or docket number,
arrest date]" in its letters; it now declares those as fields that the forms ask for. A copy
still worded as seeded is moved to the fields here; a copy a lawyer reworded is left alone.

Revision ID: a7c3e91f5d28
Revises: c41e7d2a9b60
Create Date: 2026-12-03 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91f5d28'
down_revision = 'c41e7d2a9b60'
branch_labels = None
depends_on = None

OLD_WORDING = (
    '{{ extra.defendant_name | default("[defendant\'s name]") }}{% if extra.date_of_birth is '
    'defined %} (date of birth {{ extra.date_of_birth }}){% endif %}, {{ extra.case_reference | '
    'default("[case or docket number, arrest date]") }}.'
)
NEW_WORDING = (
    "{{ fields.defendant_name }}{% if fields.date_of_birth %} (date of birth "
    "{{ fields.date_of_birth }}){% endif %}, {{ fields.case_reference }}."
)
FIELDS = [
    {"name": "defendant_name", "label": "defendant's name", "required": True},
    {"name": "case_reference", "label": "case or docket number, arrest date", "required": True},
    {"name": "date_of_birth", "label": "date of birth", "required": False},
]

templates = sa.table(
    "request_templates",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("body", sa.Text),
    sa.column("fields", sa.JSON),
)


def upgrade():
    with op.batch_alter_table('request_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fields', sa.JSON(), server_default='[]', nullable=False))
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('field_values', sa.JSON(), server_default='{}', nullable=False)
        )
    with op.batch_alter_table('lawyer_signatures', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('title', sa.String(length=200), server_default='', nullable=False)
        )
    connection = op.get_bind()
    row = connection.execute(
        sa.select(templates.c.id, templates.c.body).where(templates.c.slug == "defendant-case")
    ).first()
    if row is not None and OLD_WORDING in row.body:
        connection.execute(
            templates.update()
            .where(templates.c.id == row.id)
            .values(body=row.body.replace(OLD_WORDING, NEW_WORDING), fields=FIELDS)
        )


def downgrade():
    connection = op.get_bind()
    row = connection.execute(
        sa.select(templates.c.id, templates.c.body).where(templates.c.slug == "defendant-case")
    ).first()
    if row is not None and NEW_WORDING in row.body:
        connection.execute(
            templates.update()
            .where(templates.c.id == row.id)
            .values(body=row.body.replace(NEW_WORDING, OLD_WORDING))
        )
    with op.batch_alter_table('lawyer_signatures', schema=None) as batch_op:
        batch_op.drop_column('title')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('field_values')
    with op.batch_alter_table('request_templates', schema=None) as batch_op:
        batch_op.drop_column('fields')
