package com.inkzee.fetcher.poll;

/**
 * The leased feeds a fetcher holds at one moment, for its backlog gauges.
 *
 * @param running fetches running
 * @param waiting feeds waiting in a host lane (their host is at its per-host limit or backing off)
 * @param hosts hosts with a lane (running or waiting fetches)
 */
public record FetchBacklog(int running, int waiting, int hosts) {}
