from . import o2c_demo_generator
