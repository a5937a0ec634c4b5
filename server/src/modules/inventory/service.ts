/**
 * The inventory module's public functions: what other modules (cart, checkout, orders,
 * storefront, search) call. They take the Db (or, for `availabilityFor`, a store-scoped
 * transaction) and a typed options object, and throw AppError with stable codes.
 */
export {
  createStockLocation,
  getStockLocation,
  listStockLocations,
  updateStockLocation,
  StockLocationInput,
  StockLocationPatch,
  StockLocationListQuery,
} from './locations.ts';
export {
  ADJUSTMENT_REASONS,
  AdjustmentInput,
  adjustInventory,
  availabilityAhead,
  availabilityFor,
  LevelListQuery,
  listInventoryLevels,
  listInventoryMovements,
  MovementListQuery,
  restockInTx,
  setInventoryLevel,
  SetLevelInput,
  transferInventory,
  TransferInput,
  type AdjustmentReason,
  type RestockLine,
} from './levels.ts';
export {
  commitReservation,
  commitReservationAhead,
  commitReservationInTx,
  DEFAULT_RESERVATION_TTL_S,
  getReservation,
  listReservations,
  releaseExpiredReservations,
  releaseReservation,
  ReservationInput,
  ReservationListQuery,
  reserveStock,
} from './reservations.ts';
export type { Actor } from './shared.ts';
export type { InventoryLevelView, StockLocationView } from './views.ts';
export type { BackorderPolicy } from './catalog-port.ts';
export { DEFAULT_LOCATION, defaultStockLocation } from './locations.ts';
export {
  MAX_STOCK_LEVELS_PER_SET,
  onHandAtDefaultLocation,
  setStockLevels,
  setStockLevelsInTx,
  STOCK_SET_REASONS,
  StockLevelsInput,
  StockLevelsResult,
  type StockSetReason,
} from './stock-levels.ts';
