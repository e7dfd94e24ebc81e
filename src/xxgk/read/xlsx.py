"""placeholder"""

def read_xlsx(data, name):
    raise NotImplementedError
