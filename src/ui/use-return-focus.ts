import { useEffect, useRef } from 'react';

/** When the drawer closes (open channel → none), focus goes back to the link of the row it was opened from. */
export function useReturnFocus(openChannel: string | null) {
  const previous = useRef(openChannel);
  useEffect(() => {
    const closed = previous.current;
    previous.current = openChannel;
    if (closed && !openChannel) {
      document.querySelector<HTMLElement>(`a[data-channel-sid="${CSS.escape(closed)}"]`)?.focus();
    }
  }, [openChannel]);
}
