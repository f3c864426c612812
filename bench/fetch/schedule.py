#!/usr/bin/env python3
"""The ideal schedule of the 5,000-URL benchmark: a zero-overhead scheduler with the same rules as both programs
(at most C at once, P per host, URLs of a host in input order, a 503 pauses its host for its Retry-After of 1 s and
the URL is tried again after it), simulated event by event. Its makespan is the time no real program can beat by
much: the wire and the server add nothing here. Reads the server's plan (latency and first-answer 503 per URL).
usage: schedule.py PLAN_FILE URL_COUNT HOSTS C P
"""
import heapq, sys

plan = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
n, hosts, C, P = (int(x) for x in sys.argv[2:6])
queue = {h: [] for h in range(hosts)}
for i in range(n):
    queue[i % hosts].append(i)  # URL i is on host i % hosts (the input order)
free_global, busy = C, {h: 0 for h in range(hosts)}
paused_until = {h: 0.0 for h in range(hosts)}
failed = set()
events, t, done = [], 0.0, 0
retry = {h: [] for h in range(hosts)}  # (ready time, url)


def start_what_we_can(now):
    global free_global
    progress = True
    while progress and free_global > 0:
        progress = False
        for h in range(hosts):
            if free_global == 0:
                break
            if busy[h] >= P or paused_until[h] > now:
                continue
            i = None
            if retry[h] and retry[h][0][0] <= now:
                i = heapq.heappop(retry[h])[1]
            elif queue[h]:
                i = queue[h].pop(0)
            if i is None:
                continue
            busy[h] += 1
            free_global -= 1
            lat = plan[i][0] / 1000.0
            heapq.heappush(events, (now + lat, "end", h, i))
            progress = True


start_what_we_can(0.0)
while done < n:
    # next moment something can change: an end, a pause ending, a retry becoming ready
    t_end = events[0][0] if events else float("inf")
    t_other = min([p for p in paused_until.values() if p > t] + [r[0][0] for r in retry.values() if r and r[0][0] > t] + [float("inf")])
    if t_end <= t_other:
        t, _, h, i = heapq.heappop(events)
        busy[h] -= 1
        free_global += 1
        if plan[i][1] == 1 and i not in failed:
            failed.add(i)
            paused_until[h] = max(paused_until[h], t + 1.0)
            heapq.heappush(retry[h], (t + 1.0, i))
        else:
            done += 1
    else:
        t = t_other
    start_what_we_can(t)
print(f"{t:.3f}")
