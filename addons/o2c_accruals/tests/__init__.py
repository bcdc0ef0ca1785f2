from . import test_install
from . import test_cutoff
from . import test_cutoff_security
from . import test_cutoff_cron
from . import test_cutoff_demo
from . import test_cutoff_tour
