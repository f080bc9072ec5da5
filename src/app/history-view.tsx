import { navigate, useSearch } from 'wouter/use-browser-location';
import { filtersFromSearch } from '../features/history/api/history.ts';
import { HistoryPage } from '../features/history/components/history-page.tsx';
import { paths } from './paths.ts';

// The history page at /history, its filters read from and written to the address.

const links = { user: paths.user, channel: paths.channel };

export default function HistoryView() {
  const filters = filtersFromSearch(useSearch());
  return <HistoryPage filters={filters} onSearch={(next) => navigate(paths.history(next))} links={links} />;
}
