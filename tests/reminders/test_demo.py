"""`flask seed --demo` then `flask reminders send`: the demo users get their first digest."""

import pytest

from foia import clock


@pytest.mark.slow
def test_demo_seed_then_reminders_send_delivers_to_demo_users(app, runner, smtp_server):
    seeded = runner.invoke(args=["seed", "--demo"])
    assert seeded.exit_code == 0, seeded.output
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    recipients = {m["To"] for m in smtp_server.messages}
    assert {"lawyer@example.org", "volunteer@example.org"} <= recipients
    [digest] = [m for m in smtp_server.messages if m["To"] == "lawyer@example.org"]
    text = digest.get_body(("plain",)).get_content()
    assert "Overdue: response deadline passed" in text
    assert "you may petition the Supervisor of Records; draft the appeal" in text
    assert "Appeal window closing" in text
    assert "Waiting on us: a fee estimate" in text
    assert clock.today().strftime("%b %Y") in digest["Subject"]
