import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AfterFirstPaint, ViewPaintedProvider } from './after-first-paint.tsx';

function View({ viewKey }: { viewKey: string }) {
  return (
    <ViewPaintedProvider viewKey={viewKey}>
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
});
