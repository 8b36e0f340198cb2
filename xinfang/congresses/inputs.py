"""The one input of the congress actions (create and update): the API body, what the page's form becomes. Built
from the model (``ledger_input``): limits from the columns; ``employers`` by name or credit code; ``org_id``
None for the user's own organisation; ``version`` the version read, when editing."""

from xinfang.ledgerkit.columns import ledger_input

from .models import Congress

CongressIn = ledger_input(
    Congress,
    *("held_on", "level", "union_name", "term", "term_start", "term_end", "representatives", "present"),
    *("employer_count", "employers", "agenda", "org"),
)
