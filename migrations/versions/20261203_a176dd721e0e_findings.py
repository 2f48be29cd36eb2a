"""findings: facts about an agency read from a page of a document, and a lawyer's decision (#17)

A suggestion is kept once per document and key (uq_findings_attachment_id_suggestion_key).

Revision ID: a176dd721e0e
Revises: f3a8c1d9e7b2
Create Date: 2026-12-03 04:19:39.633199

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a176dd721e0e"
down_revision = "f3a8c1d9e7b2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=100), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("suggestion_key", sa.String(length=200), nullable=True),
        sa.Column("suggested_value", sa.String(length=200), nullable=False),
        sa.Column("suggested_period", sa.String(length=100), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_findings_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_findings_attachment_id_attachments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_findings_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "attachment_id", "suggestion_key", name=op.f("uq_findings_attachment_id_suggestion_key")
        ),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_findings_attachment_id"), ["attachment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_findings_decision"), ["decision"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_kind"), ["kind"], unique=False)


def downgrade():
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_kind"))
        batch_op.drop_index(batch_op.f("ix_findings_decision"))
        batch_op.drop_index(batch_op.f("ix_findings_attachment_id"))
        batch_op.drop_index(batch_op.f("ix_findings_agency_id"))

    op.drop_table("findings")
