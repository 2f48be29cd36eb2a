"""The suggester on the hand-labelled sample documents: its figures, and the hard negatives."""

from tests.findings.corpus.scoring import load, run


def test_precision_and_recall_on_the_sample_documents():
    score = run(load())
    assert score.precision() >= 0.9, score.wrong
    assert score.recall() >= 0.85, score.missed


def test_hard_negatives_give_nothing():
    documents = load()
    assert run({"ban_ordinance.txt": documents["ban_ordinance.txt"]}).wrong == []
    wrong = run({"denial_no_records.txt": documents["denial_no_records.txt"]}).wrong
    assert wrong == []  # a denied vendor, records requests, a copying fee
