print("HTTPBench: not written yet")
