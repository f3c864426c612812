"""The peer of EngineBench: N coroutines each awaiting asyncio.sleep(delay), gathered; best of R runs in one process.

Prints one line: best wall seconds.
"""
import asyncio
import sys
import time


async def sleeper(delay):
    await asyncio.sleep(delay)
    return 1


async def once(n, delay):
    results = await asyncio.gather(*(sleeper(delay) for _ in range(n)))
    assert len(results) == n


def main():
    n = int(sys.argv[1])
    delay = float(sys.argv[2])
    repeats = int(sys.argv[3])
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        asyncio.run(once(n, delay))
        best = min(best, time.perf_counter() - t0)
    print(f"{best:.4f}")


if __name__ == "__main__":
    main()
