import matplotlib

# Agg for the test process only. Do not set MPLBACKEND in the environment: nbval's kernels
# inherit it, and with Agg `plt.show()` leaves no output in a notebook.
matplotlib.use("Agg")
