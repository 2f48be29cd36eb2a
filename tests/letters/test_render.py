"""Request templates render in a sandbox: anything outside it is refused with a clear message."""

import pytest

from foia.letters.render import TemplateRefused, check_template, render_body

CONTEXT = {"agency": {"name": "Boston <Police>"}, "categories": [{"name": "Policies"}]}

PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% extends 'base.html' %}",
    "{{ agency._sa_instance_state }}",
    "{{ agency|attr('__class__') }}",
    "{{ '{0.__class__}'.format(agency) }}",
    "{{ agency.update({'name': 'x'}) }}",
    "{{ 'x' * 100000000 }}",
    "{{ 9 ** 99999999 }}",
    "{{ self.__init__ }}",
    "{{ no_such_value }}",
    "{% for %}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_refused(payload):
    with pytest.raises(TemplateRefused):
        render_body(payload, CONTEXT)


def test_include_is_refused_with_a_message_naming_the_line():
    with pytest.raises(TemplateRefused, match="Line 2: a letter template may not include"):
        render_body("Dear officer,\n{% include 'letters/letter.html' %}", CONTEXT)


def test_html_output_escapes_values_and_text_output_does_not():
    source = "<p>{{ agency.name }}</p>{% for c in categories %}<li>{{ c.name }}</li>{% endfor %}"
    assert render_body(source, CONTEXT) == "<p>Boston &lt;Police&gt;</p><li>Policies</li>"
    assert render_body("{{ agency.name }}", CONTEXT, html=False) == "Boston <Police>"


def test_missing_optional_values_use_defaults():
    source = "{{ extra.case | default('[case number]') }}"
    assert render_body(source, {"extra": {}}) == "[case number]"


def test_check_template_lists_problems_for_a_lawyer():
    assert check_template("<p>{{ agency.name }}</p>", CONTEXT) == []
    problems = check_template("{{ agency.nmae }}", CONTEXT)
    assert len(problems) == 1
    assert "nmae" in problems[0]
