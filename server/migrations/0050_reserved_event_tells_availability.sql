-- inventory.reserved tells, per line, what its variant has left to sell across the active
-- locations once the reservation is made (`variantAvailable`): a subscriber that only cares
-- whether a variant is in stock (the search index) knows from the event alone that a
-- reservation leaving units behind changed nothing for it. Otherwise as in 0015.
CREATE OR REPLACE FUNCTION inventory_reserve(p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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
           'quantity', x.quantity,
           'variantAvailable', (SELECT sum(GREATEST(a.left_over, 0)) FROM unnest(lv_variant, lv_left)
                                AS a(variant_id, left_over) WHERE a.variant_id = x.variant_id))
           ORDER BY (x.variant_id || x.location_id) COLLATE "C")
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

