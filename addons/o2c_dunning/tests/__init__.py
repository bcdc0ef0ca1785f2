from . import test_install
from . import test_run
from . import test_rating
from . import test_scenario
from . import test_stats
from . import test_worklist_tour
from . import test_daily_job
from . import test_unreachable
