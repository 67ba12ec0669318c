import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { CalendarData, CalendarQuery } from '../types.js';

export const calendarQueryKey = ['calendar'] as const;

/** Posts planned in [from, to) across the organisations the person may read, filtered. */
export function getCalendar(query: CalendarQuery, signal?: AbortSignal): Promise<CalendarData> {
  return api.get<CalendarData>('/api/calendar', query, signal);
}

export const calendarQueryOptions = (query: CalendarQuery) =>
  queryOptions({ queryKey: [...calendarQueryKey, query], queryFn: ({ signal }) => getCalendar(query, signal) });

export function useCalendar(query: CalendarQuery) {
  return useQuery({ ...calendarQueryOptions(query), placeholderData: keepPreviousData });
}
