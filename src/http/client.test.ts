import { describe, expect, it } from 'vitest';
import { forwardedClient, throttleKey } from './client.js';

describe('the client address for login throttling', () => {
  it('behind one proxy is the last X-Forwarded-For entry, the one the proxy appended', () => {
    expect(forwardedClient('6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7');
    expect(forwardedClient('198.51.100.7', 1)).toBe('198.51.100.7');
    expect(forwardedClient(' 6.6.6.6 ,198.51.100.7 ', 1)).toBe('198.51.100.7');
  });

  it('behind two proxies is the second from the right; with fewer entries than proxies, the leftmost', () => {
    expect(forwardedClient('6.6.6.6, 198.51.100.7, 10.0.0.2', 2)).toBe('198.51.100.7');
    expect(forwardedClient('198.51.100.7', 2)).toBe('198.51.100.7');
  });

  it('is unknown from an empty or missing header (the connection then decides)', () => {
    expect(forwardedClient(undefined, 1)).toBeUndefined();
    expect(forwardedClient(' , ', 1)).toBeUndefined();
  });

  it('counts IPv6 by its /64, IPv4 written as IPv6 as IPv4, and drops ports', () => {
    expect(throttleKey('2001:db8:5:6::1')).toBe('2001:db8:5:6::/64');
    expect(throttleKey('2001:0DB8:0005:0006:abcd:ef01:2345:6789')).toBe('2001:db8:5:6::/64');
    expect(throttleKey('[2001:db8::1]:443')).toBe('2001:db8:0:0::/64');
    expect(throttleKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleKey('::1')).toBe('0:0:0:0::/64');
    expect(throttleKey('64:ff9b::198.51.100.7')).toBe('64:ff9b:0:0::/64');
    expect(throttleKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(throttleKey('198.51.100.7:51234')).toBe('198.51.100.7');
    expect(throttleKey('198.51.100.7')).toBe('198.51.100.7');
  });

  it('keeps what it cannot read as it is', () => {
    expect(throttleKey('unknown')).toBe('unknown');
    expect(throttleKey('1:2:3')).toBe('1:2:3');
    expect(throttleKey('1::2::3')).toBe('1::2::3');
  });
});
