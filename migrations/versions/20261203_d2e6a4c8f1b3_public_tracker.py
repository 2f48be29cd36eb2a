"""public tracker: a campaign's publishing settings, public documents, the data licence (#17)

Every existing campaign stays unpublished and every document not public: nothing is shown
until a lawyer turns it on (docs/public-tracker.md).

Revision ID: d2e6a4c8f1b3
Revises: a176dd721e0e
Create Date: 2026-12-03 06:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d2e6a4c8f1b3"
down_revision = "a176dd721e0e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_published", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("public_slug", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("embargo_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_campaigns_public_slug"), ["public_slug"])
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("public_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_attachments_public_by_id_users"), "users", ["public_by_id"], ["id"]
        )
    with op.batch_alter_table("organisation_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("data_licence", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("organisation_profiles", schema=None) as batch_op:
        batch_op.drop_column("data_licence")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attachments_public_by_id_users"), type_="foreignkey")
        batch_op.drop_column("public_by_id")
        batch_op.drop_column("public_at")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_campaigns_public_slug"), type_="unique")
        batch_op.drop_column("embargo_on")
        batch_op.drop_column("public_slug")
        batch_op.drop_column("is_published")
