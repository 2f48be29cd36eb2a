"""Starting a campaign's worker tells the lawyer what happens, not the worker's process id."""

from tests.support.campaigns import create_via_page, five_agencies


def test_generating_says_what_happens_without_a_process_id(seeded, lawyer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")

    response = lawyer_client.post(f"/campaigns/{campaign.id}/generate", follow_redirects=True)

    html = response.get_data(as_text=True)
    assert "Generating the letters; this page shows the progress." in html  # no "(process 6612)"
