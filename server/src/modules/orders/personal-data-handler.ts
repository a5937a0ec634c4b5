import { registerPersonalDataHandler } from '../customers/service.ts';
import { eraseOrdersPersonalData, exportOrdersPersonalData } from './personal-data.ts';

/** Orders' part of a shopper's GDPR export and erasure (orders anonymised, money kept). */
export const ordersPersonalData = registerPersonalDataHandler({
  name: 'orders',
  export: exportOrdersPersonalData,
  erase: eraseOrdersPersonalData,
});
