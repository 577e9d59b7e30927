import type { Lang } from '../shared/time.js';

/** Seats held against capacity, every page's and the API's one reading of the two numbers. */
export interface SeatCount {
  capacity: number;
  taken: number;
  /** Never below 0. */
  left: number;
  /** How many people hold a seat beyond capacity (moved up or let in at the door past it). */
  over: number;
}

/**
 * An organiser may move someone up past capacity and the door may admit walk-ins beyond it, so
 * `taken` can exceed `capacity`: then nothing is left and the excess is said, not hidden.
 */
export function seatCount(capacity: number, taken: number): SeatCount {
  return { capacity, taken, left: Math.max(0, capacity - taken), over: Math.max(0, taken - capacity) };
}

/** "3/2 chỗ — vượt 1": staff pages' words for an event over capacity. */
export function overCapacityText(seats: SeatCount, lang: Lang): string {
  const held = `${seats.taken}/${seats.capacity}`;
  return lang === 'en' ? `${held} seats — over by ${seats.over}` : `${held} chỗ — vượt ${seats.over}`;
}
