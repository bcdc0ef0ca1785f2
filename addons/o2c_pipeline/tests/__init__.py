from . import test_dated_ahead
from . import test_demo_generator
from . import test_ledger
from . import test_ledger_currency
from . import test_ledger_stock
from . import test_pipeline
from . import test_report
from . import test_quality
