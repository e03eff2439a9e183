from check_samples import MakeContext, clean_release, translate

from newsdesk.checks import translation


def found(make_context: MakeContext, languages: tuple[str, ...] = ("de", "en")):
    context = make_context(clean_release())
    context.languages = languages
    return [(f.level, f.code) for f in translation.check(context)], context


def test_a_complete_translation_passes(make_context: MakeContext) -> None:
    translate(make_context().workspace, clean_release())
    assert found(make_context)[0] == []


def test_a_language_nobody_reads_is_not_checked(make_context: MakeContext) -> None:
    assert found(make_context, ("de",))[0] == []


def test_no_catalog_is_an_error(make_context: MakeContext) -> None:
    findings, context = found(make_context)
    assert findings == [("error", "translation")]
    message = next(iter(translation.check(context))).message
    assert "newsdesk translate extract" in message


def test_missing_and_fuzzy_segments_are_named(make_context: MakeContext) -> None:
    translate(make_context().workspace, clean_release(), missing=1, fuzzy=2)
    findings, context = found(make_context)
    assert findings == [("error", "translation"), ("error", "translation-fuzzy")]
    untranslated, fuzzy = translation.check(context)
    assert untranslated.place == "en, translations/releases/gruenderpreis-2026/en.po"
    assert "1 of" in untranslated.message and "2 en translation(s)" in fuzzy.message


def test_a_language_the_workspace_does_not_translate(make_context: MakeContext) -> None:
    translate(make_context().workspace, clean_release())
    findings, _ = found(make_context, ("de", "en", "fr"))
    assert findings == [("error", "translation")]


def test_an_unreadable_catalog_is_one_finding_not_a_crash(make_context: MakeContext) -> None:
    from newsdesk.checks import run_checks

    workspace = make_context().workspace
    catalog = workspace.catalog_path("gruenderpreis-2026", "en")
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "Hallo"\nmsgstr "Hello\n', encoding="utf-8")
    report = run_checks(clean_release(), workspace)
    assert [(f.code, f.place) for f in report] == [("translation", "en")]
    assert "cannot be read" in report.findings[0].message
