from . import o2c_dunning_skip_wizard
