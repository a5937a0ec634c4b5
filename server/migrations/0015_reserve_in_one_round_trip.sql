-- Reservations in one round trip (decision 0007): the core of `reserveStock` as PL/pgSQL, whose
-- statements are planned once per connection instead of once per call. Every function here is
-- SECURITY INVOKER (the default): it runs as the caller — `carton_app` inside a store scope — so
-- row-level security applies to every row it reads or writes, exactly as for the TypeScript path.

-- A type-prefixed id like `platform/ids.ts` makes: 26 Crockford base32 characters, the first 10 the
-- millisecond time (so ids sort by time), the other 16 random (hex digits here: 64 random bits,
-- not kept monotonic within one millisecond). One expression: no loop per character.
CREATE FUNCTION carton_new_id(prefix text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  a constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  ms constant bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
  RETURN prefix || '_'
    || substr(a, ((ms >> 45) & 31)::int + 1, 1) || substr(a, ((ms >> 40) & 31)::int + 1, 1)
    || substr(a, ((ms >> 35) & 31)::int + 1, 1) || substr(a, ((ms >> 30) & 31)::int + 1, 1)
    || substr(a, ((ms >> 25) & 31)::int + 1, 1) || substr(a, ((ms >> 20) & 31)::int + 1, 1)
    || substr(a, ((ms >> 15) & 31)::int + 1, 1) || substr(a, ((ms >> 10) & 31)::int + 1, 1)
    || substr(a, ((ms >> 5) & 31)::int + 1, 1) || substr(a, (ms & 31)::int + 1, 1)
    || upper(substr(md5(random()::text), 1, 16));
END $$;

-- The outbox insert of `emitEvent` (platform/events/outbox.ts), for SQL callers and for
-- emitEvent itself: take the aggregate's next sequence (row-locking the aggregate until the
-- transaction ends) and insert the event. The wake-up NOTIFY is the caller's business.
CREATE FUNCTION carton_emit_event(
  p_id text, p_store_id text, p_type text, p_aggregate_type text, p_aggregate_id text, p_payload jsonb
) RETURNS TABLE (sequence integer, occurred_at timestamptz) LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY
  WITH stream AS (
    INSERT INTO event_streams AS s (store_id, aggregate_type, aggregate_id, last_sequence)
    VALUES (p_store_id, p_aggregate_type, p_aggregate_id, 1)
    ON CONFLICT (store_id, aggregate_type, aggregate_id)
      DO UPDATE SET last_sequence = s.last_sequence + 1
    RETURNING s.last_sequence
  )
  INSERT INTO events AS e (id, store_id, type, aggregate_type, aggregate_id, sequence, payload)
  SELECT p_id, p_store_id, p_type, p_aggregate_type, p_aggregate_id, stream.last_sequence, p_payload
  FROM stream
  RETURNING e.sequence, e.occurred_at;
END $$;

-- Reserve stock, all lines or nothing: `reserveStock` of server/src/modules/inventory/reservations.ts
-- (see there for the rules). Input:
--   { "id": "res_…", "store_id": "store_…", "key": "…", "owner_ref": "…", "expires_in_seconds": 900,
--     "event_id": "evt_…", "lines": [{ "variant_id": "var_…", "quantity": 2, "location_id": "loc_…"? }] }
-- Returns { "created": true, "reservation": <row>, "lines": [<line>], "events": ["evt_…"] }, or for a
-- key already used { "created": false, "reservation": <row>, "lines": [<line>] } (nothing changed).
-- Refusals raise SQLSTATE 'CRTN1' with MESSAGE the application error code and DETAIL a JSON list:
--   NOT_FOUND / CONFLICT: [{ "i": <line index>, "location_id": "…" }] (unknown / inactive location)
--   UNMET: [{ "i": <line index>, "short": <units that could not be allocated> }]
-- UNMET is not yet a refusal: the caller asks the catalog whether those variants exist and allow
-- backorders (inventory may not read catalog tables), and refuses or takes the backorder path.
CREATE FUNCTION inventory_reserve(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_store text := p->>'store_id';
  v_id text := p->>'id';
  v_res inventory_reservations;
  n_lines int := jsonb_array_length(p->'lines');
  l_variant text[];
  l_location text[];
  l_quantity int[];
  v_variants text[];
  v_any_location boolean;
  v_bad jsonb;
  lv_id text[];
  lv_variant text[];
  lv_location text[];
  lv_left int[];
  lv_take int[];
  remaining int;
  n int;
  v_unmet jsonb := '[]';
  v_lines jsonb;
  v_event_lines jsonb;
  v_events text[] := ARRAY[p->>'event_id'];
  v_event text;
  lvl record;
BEGIN
  INSERT INTO inventory_reservations (id, store_id, key, owner_ref, expires_at)
  VALUES (v_id, v_store, p->>'key', p->>'owner_ref',
          now() + make_interval(secs => (p->>'expires_in_seconds')::int))
  ON CONFLICT (store_id, key) DO NOTHING
  RETURNING * INTO v_res;
  IF NOT FOUND THEN
    -- A retry: hand back what the key holds; the caller checks it asks for the same.
    SELECT * INTO v_res FROM inventory_reservations WHERE store_id = v_store AND key = p->>'key';
    SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.variant_id, x.location_id), '[]') INTO v_lines
    FROM (SELECT reservation_id, level_id, variant_id, location_id, quantity
          FROM inventory_reservation_lines WHERE reservation_id = v_res.id) x;
    RETURN jsonb_build_object('created', false, 'reservation', to_jsonb(v_res), 'lines', v_lines);
  END IF;

  SELECT array_agg(x.e->>'variant_id' ORDER BY x.i), array_agg(x.e->>'location_id' ORDER BY x.i),
         array_agg((x.e->>'quantity')::int ORDER BY x.i), array_agg(DISTINCT x.e->>'variant_id'),
         bool_or(x.e->>'location_id' IS NOT NULL)
  INTO l_variant, l_location, l_quantity, v_variants, v_any_location
  FROM jsonb_array_elements(p->'lines') WITH ORDINALITY AS x(e, i);

  -- Locations asked for must exist in this store (404) and be active (409).
  IF v_any_location THEN
    SELECT jsonb_agg(jsonb_build_object('i', a.i - 1, 'location_id', a.loc) ORDER BY a.i) INTO v_bad
    FROM unnest(l_location) WITH ORDINALITY AS a(loc, i)
    WHERE a.loc IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM stock_locations s WHERE s.store_id = v_store AND s.id = a.loc);
    IF v_bad IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'CRTN1', MESSAGE = 'NOT_FOUND', DETAIL = v_bad::text;
    END IF;
    SELECT jsonb_agg(jsonb_build_object('i', a.i - 1, 'location_id', a.loc) ORDER BY a.i) INTO v_bad
    FROM unnest(l_location) WITH ORDINALITY AS a(loc, i)
    JOIN stock_locations s ON s.store_id = v_store AND s.id = a.loc AND NOT s.active;
    IF v_bad IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'CRTN1', MESSAGE = 'CONFLICT', DETAIL = v_bad::text;
    END IF;
  END IF;

  -- Lock every active-location level of the variants asked for, in the one global lock order
  -- (variant, location), then read them in allocation order (variant, priority, location).
  SELECT array_agg(k.id ORDER BY k.variant_id, k.priority, k.location_id COLLATE "C"),
         array_agg(k.variant_id ORDER BY k.variant_id, k.priority, k.location_id COLLATE "C"),
         array_agg(k.location_id ORDER BY k.variant_id, k.priority, k.location_id COLLATE "C"),
         array_agg(k.available ORDER BY k.variant_id, k.priority, k.location_id COLLATE "C")
  INTO lv_id, lv_variant, lv_location, lv_left
  FROM (SELECT l.id, l.variant_id, l.location_id, l.available, s.priority
        FROM inventory_levels l JOIN stock_locations s ON s.id = l.location_id AND s.active
        WHERE l.store_id = v_store AND l.variant_id = ANY (v_variants)
        ORDER BY l.variant_id, l.location_id
        FOR UPDATE OF l) k;
  lv_take := array_fill(0, ARRAY[COALESCE(cardinality(lv_id), 0)]);

  FOR i IN 1..n_lines LOOP
    remaining := l_quantity[i];
    FOR j IN 1..COALESCE(cardinality(lv_id), 0) LOOP
      CONTINUE WHEN lv_variant[j] <> l_variant[i]
        OR (l_location[i] IS NOT NULL AND lv_location[j] <> l_location[i]);
      n := LEAST(remaining, GREATEST(lv_left[j], 0));
      IF n > 0 THEN
        lv_take[j] := lv_take[j] + n;
        lv_left[j] := lv_left[j] - n;
        remaining := remaining - n;
      END IF;
      EXIT WHEN remaining = 0;
    END LOOP;
    IF remaining > 0 THEN
      v_unmet := v_unmet || jsonb_build_object('i', i - 1, 'short', remaining);
    END IF;
  END LOOP;
  IF jsonb_array_length(v_unmet) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'CRTN1', MESSAGE = 'UNMET', DETAIL = v_unmet::text;
  END IF;

  -- Raise reserved on every level drawn from and record the lines; keep low-stock flags in step
  -- and emit inventory.low_stock once per crossing below the reorder point.
  WITH inserted AS (
    INSERT INTO inventory_reservation_lines AS rl
      (id, store_id, reservation_id, level_id, variant_id, location_id, quantity)
    SELECT v_id || '_' || t.location_id || '_' || t.variant_id, v_store, v_id, t.id, t.variant_id, t.location_id, t.q
    FROM unnest(lv_id, lv_variant, lv_location, lv_take) AS t(id, variant_id, location_id, q)
    WHERE t.q > 0
    RETURNING rl.level_id, rl.variant_id, rl.location_id, rl.quantity
  )
  SELECT jsonb_agg(jsonb_build_object('reservation_id', v_id, 'level_id', x.level_id,
           'variant_id', x.variant_id, 'location_id', x.location_id, 'quantity', x.quantity)
           ORDER BY (x.variant_id || x.location_id) COLLATE "C"),
         jsonb_agg(jsonb_build_object('variantId', x.variant_id, 'locationId', x.location_id,
           'quantity', x.quantity) ORDER BY (x.variant_id || x.location_id) COLLATE "C")
  INTO v_lines, v_event_lines
  FROM inserted x;
  FOR lvl IN
    UPDATE inventory_levels l SET reserved = l.reserved + t.q, updated_at = now()
    FROM unnest(lv_id, lv_take) AS t(id, q)
    WHERE t.q > 0 AND l.id = t.id
    RETURNING l.id, l.store_id, l.variant_id, l.location_id, l.available, l.reorder_point, l.low_stock
  LOOP
    IF (lvl.reorder_point IS NOT NULL AND lvl.available < lvl.reorder_point) IS DISTINCT FROM lvl.low_stock THEN
      UPDATE inventory_levels SET low_stock = NOT lvl.low_stock WHERE id = lvl.id;
      IF NOT lvl.low_stock THEN
        v_event := carton_new_id('evt');
        PERFORM carton_emit_event(v_event, lvl.store_id, 'inventory.low_stock', 'inventory_level', lvl.id,
          jsonb_build_object('levelId', lvl.id, 'variantId', lvl.variant_id, 'locationId', lvl.location_id,
                             'available', lvl.available, 'reorderPoint', lvl.reorder_point));
        v_events := v_events || v_event;
      END IF;
    END IF;
  END LOOP;

  PERFORM carton_emit_event(p->>'event_id', v_store, 'inventory.reserved', 'reservation', v_id,
    jsonb_build_object('reservationId', v_id, 'ownerRef', p->>'owner_ref', 'status', 'active',
                       'lines', v_event_lines));

  v_events := v_events[2:] || v_events[1]; -- announce in the order emitted: low stock first
  RETURN jsonb_build_object('created', true, 'reservation', to_jsonb(v_res), 'lines', v_lines,
                            'events', to_jsonb(v_events));
END $$;

-- End an active reservation: `releaseReservation` / `commitReservation` of reservations.ts. Input:
--   { "store_id": "…", "id": "res_…", "action": "release" | "commit", "status": <the status the
--     reservation state machine gives for that action: "released" | "committed">,
--     "order_ref": "…"|null, "event_id": "evt_…", "actor_type": "…", "actor_id": "…"|null }
-- Locks the reservation. If it is not active — or, to commit, is past its expiry — nothing changes
-- and it returns { "changed": false, "reservation": <row>, "lines": [...], "past_expiry": bool } for
-- the caller to answer (a repeat is harmless, anything else is 409 through the state machine).
-- Otherwise it locks the levels in the global order and gives the units back (release: reserved
-- down, low-stock tracking) or takes them (commit: reserved and on hand down, one `committed`
-- movement per line), sets the status, emits inventory.released / inventory.committed, and returns
-- { "changed": true, "before": <row>, "reservation": <row>, "lines": [...], "events": [...] }.
-- An unknown reservation raises CRTN1 NOT_FOUND.
CREATE FUNCTION inventory_end_reservation(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_store text := p->>'store_id';
  v_before inventory_reservations;
  v_after inventory_reservations;
  v_lines jsonb;
  v_event_lines jsonb;
  v_level_ids text[];
  v_quantities int[];
  v_past boolean;
  v_events text[] := ARRAY[p->>'event_id'];
  v_event text;
  lvl record;
BEGIN
  SELECT * INTO v_before FROM inventory_reservations
  WHERE store_id = v_store AND id = p->>'id' FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'CRTN1', MESSAGE = 'NOT_FOUND', DETAIL = '[]';
  END IF;
  SELECT COALESCE(jsonb_agg(to_jsonb(x) ORDER BY x.variant_id, x.location_id), '[]'),
         array_agg(x.level_id ORDER BY x.variant_id, x.location_id),
         array_agg(x.quantity ORDER BY x.variant_id, x.location_id),
         COALESCE(jsonb_agg(jsonb_build_object('variantId', x.variant_id, 'locationId', x.location_id,
                  'quantity', x.quantity) ORDER BY x.variant_id, x.location_id), '[]')
  INTO v_lines, v_level_ids, v_quantities, v_event_lines
  FROM (SELECT reservation_id, level_id, variant_id, location_id, quantity
        FROM inventory_reservation_lines WHERE reservation_id = v_before.id) x;
  v_past := v_before.expires_at <= now();
  IF v_before.status <> 'active' OR (p->>'action' = 'commit' AND v_past) THEN
    RETURN jsonb_build_object('changed', false, 'reservation', to_jsonb(v_before), 'lines', v_lines,
                              'past_expiry', v_past);
  END IF;

  PERFORM 1 FROM inventory_levels WHERE id = ANY (v_level_ids) ORDER BY variant_id, location_id FOR UPDATE;

  IF p->>'action' = 'commit' THEN
    UPDATE inventory_levels l SET reserved = l.reserved - t.q, on_hand = l.on_hand - t.q, updated_at = now()
    FROM unnest(v_level_ids, v_quantities) AS t(id, q) WHERE l.id = t.id;
    INSERT INTO inventory_movements (id, store_id, variant_id, location_id, kind, reason, on_hand_delta,
                                     damaged_delta, reference, note, actor_type, actor_id)
    SELECT carton_new_id('invmov'), v_store, e->>'variant_id', e->>'location_id', 'committed', NULL,
           -(e->>'quantity')::int, 0, COALESCE(p->>'order_ref', v_before.id), NULL,
           COALESCE(p->>'actor_type', 'system'), p->>'actor_id'
    FROM jsonb_array_elements(v_lines) WITH ORDINALITY AS x(e, o) ORDER BY o;
    UPDATE inventory_reservations SET status = p->>'status', committed_at = now(), order_ref = p->>'order_ref',
      updated_at = now()
    WHERE id = v_before.id RETURNING * INTO v_after;
    PERFORM carton_emit_event(p->>'event_id', v_store, 'inventory.committed', 'reservation', v_before.id,
      jsonb_build_object('reservationId', v_before.id, 'ownerRef', v_before.owner_ref, 'status', 'committed',
                         'orderRef', p->'order_ref', 'lines', v_event_lines));
  ELSE
    FOR lvl IN
      UPDATE inventory_levels l SET reserved = l.reserved - t.q, updated_at = now()
      FROM unnest(v_level_ids, v_quantities) AS t(id, q) WHERE l.id = t.id
      RETURNING l.id, l.store_id, l.variant_id, l.location_id, l.available, l.reorder_point, l.low_stock
    LOOP
      IF (lvl.reorder_point IS NOT NULL AND lvl.available < lvl.reorder_point) IS DISTINCT FROM lvl.low_stock THEN
        UPDATE inventory_levels SET low_stock = NOT lvl.low_stock WHERE id = lvl.id;
        IF NOT lvl.low_stock THEN
          v_event := carton_new_id('evt');
          PERFORM carton_emit_event(v_event, lvl.store_id, 'inventory.low_stock', 'inventory_level', lvl.id,
            jsonb_build_object('levelId', lvl.id, 'variantId', lvl.variant_id, 'locationId', lvl.location_id,
                               'available', lvl.available, 'reorderPoint', lvl.reorder_point));
          v_events := v_events || v_event;
        END IF;
      END IF;
    END LOOP;
    UPDATE inventory_reservations SET status = p->>'status', released_at = now(), updated_at = now()
    WHERE id = v_before.id RETURNING * INTO v_after;
    PERFORM carton_emit_event(p->>'event_id', v_store, 'inventory.released', 'reservation', v_before.id,
      jsonb_build_object('reservationId', v_before.id, 'ownerRef', v_before.owner_ref, 'status', p->>'status',
                         'reason', 'released', 'lines', v_event_lines));
  END IF;
  -- The low-stock events were emitted first; the reservation's own event last, as in TypeScript.
  v_events := v_events[2:] || v_events[1];
  RETURN jsonb_build_object('changed', true, 'before', to_jsonb(v_before), 'reservation', to_jsonb(v_after),
                            'lines', v_lines, 'events', to_jsonb(v_events));
END $$;
