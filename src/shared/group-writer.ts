/**
 * Group commit done by the app: items that arrive while earlier groups are being written wait
 * and go out together, so a rush costs one statement (one round trip, one commit) per group
 * instead of one per item. A lone item goes straight out and waits for nobody.
 *
 * Items of different lanes (say, two events) never share a group. Within a lane, groups keep
 * arrival order, and at most `maxInFlight` are written at once (1 keeps writes in order).
 * When a group fails for a reason one item may have caused (`retryAlone`), its items are
 * written again one at a time, so each caller meets only its own outcome; any other failure
 * (a lost connection) fails the whole group at once, and everyone still waiting in its lane
 * with it: they would only queue behind the same outage and answer minutes late.
 */
export function createGroupWriter<I, O>(options: {
  one: (item: I) => Promise<O>;
  many: (items: I[]) => Promise<O[]>;
  retryAlone: (err: unknown) => boolean;
  lane?: (item: I) => string;
  maxBatch?: number;
  maxInFlight?: number;
}): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 64;
  const maxInFlight = options.maxInFlight ?? 1;
  type Waiting = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void };
  type Lane = { waiting: Waiting[]; inFlight: number };
  const lanes = new Map<string, Lane>();

  async function alone(w: Waiting) {
    try {
      w.resolve(await options.one(w.item));
    } catch (err) {
      w.reject(err);
    }
  }

  async function write(lane: Lane, group: Waiting[]) {
    const [first] = group;
    if (group.length === 1 && first) return alone(first);
    let out: O[];
    try {
      out = await options.many(group.map((w) => w.item));
    } catch (err) {
      if (options.retryAlone(err)) {
        for (const w of group) await alone(w);
        return;
      }
      for (const w of [...group, ...lane.waiting.splice(0)]) w.reject(err);
      return;
    }
    // One answer per item, in order; an answer `many` failed to give is that caller's failure.
    const answers = out.values();
    for (const w of group) {
      const answer = answers.next();
      if (answer.done) w.reject(new Error('group write returned fewer results than items'));
      else w.resolve(answer.value);
    }
  }

  async function pump(name: string, lane: Lane) {
    lane.inFlight++;
    try {
      while (lane.waiting.length > 0) {
        const group = lane.waiting.splice(0, maxBatch);
        // Nothing a caller waits on may be left unsettled, whatever goes wrong here.
        await write(lane, group).catch((err: unknown) => {
          for (const w of group) w.reject(err);
        });
      }
    } finally {
      lane.inFlight--;
      if (lane.inFlight === 0 && lane.waiting.length === 0) lanes.delete(name);
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      const name = options.lane?.(item) ?? '';
      let lane = lanes.get(name);
      if (!lane) {
        lane = { waiting: [], inFlight: 0 };
        lanes.set(name, lane);
      }
      lane.waiting.push({ item, resolve, reject });
      if (lane.inFlight < maxInFlight) void pump(name, lane);
    });
}
