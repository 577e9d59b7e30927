import { describe, expect, it } from 'vitest';

// @ts-expect-error plain browser JavaScript, no types
const { cameraProblem } = await import('../web/scanner-camera.js');

const failure = (name: string, message = 'raw browser text') => Object.assign(new Error(message), { name });

describe('what the scanner says when the camera fails', () => {
  it.each([
    ['NotAllowedError', 'denied', 'Trình duyệt đang chặn camera', 'Cho phép'],
    ['SecurityError', 'denied', 'Trình duyệt đang chặn camera', 'tải lại trang'],
    ['NotFoundError', 'none', 'Máy này không có camera', 'máy quét cầm tay'],
    ['OverconstrainedError', 'none', 'Máy này không có camera', 'tìm theo tên'],
    ['NotReadableError', 'busy', 'ứng dụng khác', 'Đóng ứng dụng đó'],
    ['InsecureContextError', 'insecure', 'https', 'https://'],
    ['TypeError', 'other', 'Không mở được camera', 'thử lại'],
  ])('%s: in plain words, with what to do, Vietnamese then English', (name, kind, said, todo) => {
    const problem = cameraProblem(failure(name));
    expect(problem.kind).toBe(kind);
    expect(problem.vi).toContain(said);
    expect(problem.vi).toContain(todo);
    expect(problem.en).toMatch(/^[A-Z]/);
    // The browser's own words never reach the door.
    expect(`${problem.vi} ${problem.en}`).not.toMatch(new RegExp(`${name}|raw browser text`));
  });

  it('something that is not an error at all still gets the general advice', () => {
    expect(cameraProblem(undefined).kind).toBe('other');
  });
});
