"""`mail send` and `reminders send` fail (exit 1, recorded, shown) when nothing due could go."""

from datetime import date

from sqlalchemy import select, update

from foia import clock, mail
from foia.extensions import db
from foia.jobs import JobRun
from foia.mail import OutboundEmail
from tests.support.factories import create_user
from tests.support.html import Page
from tests.support.reminders import make_request

TODAY = date(2026, 12, 1)  # a Tuesday


def queue(*addresses: str) -> None:
    for to in addresses:
        mail.queue_email(to, "Hello", "Body", kind="test")
    db.session.commit()


def runs(job: str) -> list[JobRun]:
    db.session.expire_all()
    return list(db.session.scalars(select(JobRun).filter_by(job=job).order_by(JobRun.id)))


def make_due() -> None:
    db.session.execute(update(OutboundEmail).values(next_attempt_at=clock.now()))
    db.session.commit()


def test_mail_send_exits_1_when_nothing_due_could_go_and_the_jobs_page_says_so(
    app, runner, faulty, admin_client
):
    faulty.stop()
    queue("a@example.org", "b@example.org")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert result.stdout == "Sent 0, still queued after failure 2.\n"
    refused = f"The mail server at 127.0.0.1:{faulty.port} refused the connection."
    assert result.stderr == f"mail send: none of the 2 messages tried could be sent. {refused}\n"
    [run] = runs("mail send")
    assert not run.is_success and run.finished_at is not None
    assert run.summary == (
        "Sent 0, still queued after failure 2."
        f" None of the 2 messages tried could be sent. {refused}"
    )
    page = Page(admin_client.get("/admin/jobs").text)
    [banner] = page.texts("#mail-failing")
    assert banner.startswith("Outgoing mail is failing") and refused in banner
    assert "2 messages wait in the outbox." in banner
    [row] = [r for r in page.table("table") if r["Job"] == "mail send"]
    assert row["Outcome"] == "failed" and refused in row["Summary"]

    faulty.start()
    make_due()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Sent 2, still queued after failure 0.\n"
    assert runs("mail send")[-1].is_success
    assert Page(admin_client.get("/admin/jobs").text).all("#mail-failing") == []
    assert len(faulty.sink.messages) == 2


def test_mail_send_with_nothing_due_succeeds(app, runner):
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and result.stdout == "Sent 0, still queued after failure 0.\n"
    assert [run.is_success for run in runs("mail send")] == [True]


def test_a_refused_recipient_beside_sent_mail_is_no_failed_run(app, runner, faulty):
    faulty.sink.faults.unknown_recipients = {"nobody@example.org"}
    queue("a@example.org", "nobody@example.org")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Sent 1, still queued after failure 0."
        " Refused for good by the mail server (not retried): 1.\n"
    )


def test_mail_send_exits_1_when_the_only_due_message_is_refused(app, runner, faulty):
    faulty.sink.faults.unknown_recipients = {"nobody@example.org"}
    queue("nobody@example.org")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "answered RCPT TO with 550 5.1.1 <nobody@example.org>" in result.stderr
    again = runner.invoke(args=["mail", "send"])
    assert again.exit_code == 0, "nothing is due any more: it is not retried"
    assert again.stdout == "Sent 0, still queued after failure 0.\n"


def test_reminders_send_exits_1_while_smtp_is_down_and_is_not_ok(app, runner, admin_client):
    lawyer = create_user("lawyer", email="lee@example.org")
    make_request(TODAY, owner=lawyer, received_business_days_ago=14)
    result = runner.invoke(args=["reminders", "send", "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert "0 messages sent, 1 still queued after failure" in result.stdout
    assert result.stderr == (
        "reminders send: the one message tried could not be sent."
        " The mail server at 127.0.0.1:1 refused the connection.\n"
    )
    [run] = runs("reminders send")
    assert not run.is_success and "refused the connection" in run.summary
    page = Page(admin_client.get("/admin/jobs").text)
    assert page.texts("#stale-warning")[0].startswith("Reminders have never run successfully.")
    [row] = [r for r in page.table("table") if r["Job"] == "reminders send"]
    assert row["Outcome"] == "failed"
