from . import res_company
from . import res_config_settings
from . import account_move_line
from . import o2c_cutoff
from . import o2c_cutoff_line
