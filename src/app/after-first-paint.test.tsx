import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AfterFirstPaint, ViewPaintedProvider } from './after-first-paint.tsx';

function View({ viewKey, ready = true }: { viewKey: string; ready?: boolean }) {
  return (
    <ViewPaintedProvider viewKey={viewKey} ready={ready}>
      <p>Rows of {viewKey}</p>
      <AfterFirstPaint>
        <p>Tools</p>
      </AfterFirstPaint>
    </ViewPaintedProvider>
  );
}

describe('AfterFirstPaint', () => {
  it("renders its children only after the view's first paint, and again after another view's", async () => {
    const { rerender } = render(<View viewKey="alice" />);
    expect(screen.getByText('Rows of alice')).toBeInTheDocument();
    expect(screen.queryByText('Tools')).toBeNull();
    expect(await screen.findByText('Tools')).toBeInTheDocument();

    rerender(<View viewKey="bob" />);
    expect(screen.getByText('Rows of bob')).toBeInTheDocument();
    expect(screen.queryByText('Tools')).toBeNull();
    expect(await screen.findByText('Tools')).toBeInTheDocument();
  });

  it('waits while the view shows its loading view, not its data', async () => {
    const { rerender } = render(<View viewKey="alice" ready={false} />);
    // Frames go by while the answers are out: still nothing.
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByText('Tools')).toBeNull();
    rerender(<View viewKey="alice" ready />);
    expect(screen.queryByText('Tools')).toBeNull();
    expect(await screen.findByText('Tools')).toBeInTheDocument();
  });
});
