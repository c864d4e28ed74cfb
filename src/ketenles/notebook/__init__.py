"""Glue for lesson notebooks, inside the kernel: lesson metadata and quizzes, friendly errors.

Setting up JupyterLab itself (language, tools, save hook) is :mod:`ketenles.labsetup`.
"""
