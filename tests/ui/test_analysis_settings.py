"""The reader's on-the-spot analysis (a story opened before its analysis landed) goes through the
backlog with the user's ``[summary]`` settings, like every other path."""

from __future__ import annotations

from briefing.config import RefreshSettings, Settings, SummarySettings, UISettings
from briefing.core.backlog import AnalysisOptions, analyse_article
from briefing.widgets.story_view import StoryView

from .conftest import Story, fill, make_app, settle

BODY = (
    "The council of Lower Brannick met on Tuesday to discuss the tram depot. Members heard that "
    "repairs had run three weeks late and that the budget was stretched.\n\n"
    'Wen Ashford, who chairs the works committee, said "the depot will reopen before the spring '
    'crossings". Residents asked for a written timetable.\n\n'
    "A second meeting is planned for next month, when engineers will report on the depot and on the "
    "cost of the delay. The committee will publish its figures beforehand.\n\n"
    "Shopkeepers near the depot said trade had fallen while the works went on, and several asked "
    "the council for a rates holiday until the end of the season."
)
TITLE = "Tram depot repairs run three weeks late"


async def test_a_story_opened_before_its_analysis_is_summarised_with_the_settings(store):
    ids = fill(store, [Story("Brannick Post", TITLE, 1, BODY, analysed=False)])
    article_id = ids[TITLE]
    assert store.get_analysis(article_id) is None
    options = AnalysisOptions(summary_words=12, method="lead")
    wanted = analyse_article(TITLE, BODY, options)
    assert wanted.summary != analyse_article(TITLE, BODY).summary  # the settings make a difference
    settings = Settings(
        refresh=RefreshSettings(auto_interval=0),
        ui=UISettings(theme="textual-dark"),
        summary=SummarySettings(words=12, method="lead"),
    )
    app = make_app(store, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert app.screen.query_one(StoryView).article.id == article_id
        stored = store.get_analysis(article_id)
        assert stored is not None and stored.summary == wanted.summary
