/**
 * Generated from Carton's OpenAPI document by sdk/client/generate.ts: do not edit.
 * Regenerate with `npm run client:generate`.
 */

export interface paths {
    "/admin/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's API keys (never the keys themselves) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                created_by: string | null;
                                id: string;
                                /** @enum {string} */
                                kind: "publishable" | "secret";
                                last_used_at: string | null;
                                name: string;
                                /** @description The first characters of the key, to tell keys apart */
                                prefix: string;
                                revoked_at: string | null;
                                /** @description The store role a secret key acts with */
                                role: ("owner" | "admin" | "staff" | "read_only") | null;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key; the key is in this response only
         * @description Publishable keys (pk_…) identify the store to the storefront and tracker. Secret keys (sk_…) act on the admin API with a store role (default admin; never staff or key management).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "publishable" | "secret";
                        name: string;
                        /**
                         * @description Secret keys only
                         * @enum {string}
                         */
                        role?: "admin" | "staff" | "read_only";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            created_by: string | null;
                            id: string;
                            /** @description Shown once; store it now */
                            key: string;
                            /** @enum {string} */
                            kind: "publishable" | "secret";
                            last_used_at: string | null;
                            name: string;
                            /** @description The first characters of the key, to tell keys apart */
                            prefix: string;
                            revoked_at: string | null;
                            /** @description The store role a secret key acts with */
                            role: ("owner" | "admin" | "staff" | "read_only") | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/api-keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            created_by: string | null;
                            id: string;
                            /** @enum {string} */
                            kind: "publishable" | "secret";
                            last_used_at: string | null;
                            name: string;
                            /** @description The first characters of the key, to tell keys apart */
                            prefix: string;
                            revoked_at: string | null;
                            /** @description The store role a secret key acts with */
                            role: ("owner" | "admin" | "staff" | "read_only") | null;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's audit log, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, or a prefix ending in * (e.g. api_key.*) */
                    action?: string;
                    actor_id?: string;
                    actor_type?: "staff" | "api_key" | "customer" | "system";
                    cursor?: string;
                    entity_id?: string;
                    entity_type?: string;
                    /** @description Inclusive lower bound (ISO 8601) */
                    from?: string;
                    limit?: number;
                    /** @description Exclusive upper bound (ISO 8601) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                action: string;
                                actor: {
                                    id: string | null;
                                    /** @enum {string} */
                                    type: "staff" | "api_key" | "customer" | "system";
                                };
                                after: unknown;
                                before: unknown;
                                created_at: string;
                                entity_id: string;
                                entity_type: string;
                                id: string;
                                ip: string | null;
                                request_id: string | null;
                                store_id: string | null;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: choose a password and sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            /** @description Single use: each refresh returns the next one */
                            refresh_token: string;
                            session_id: string;
                            /** @enum {string} */
                            status: "authenticated";
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with e-mail and password
         * @description Returns tokens, or (for a user with MFA) an MFA challenge to complete at /admin/v1/auth/mfa/verify. Repeated failures lock the account and the IP for a while (429 ACCOUNT_LOCKED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                        /** @description The store to act in; defaults to the first store the user joined */
                        store_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            /** @description Single use: each refresh returns the next one */
                            refresh_token: string;
                            session_id: string;
                            /** @enum {string} */
                            status: "authenticated";
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        } | {
                            expires_in: number;
                            /** @description Send it with a TOTP or recovery code to POST /admin/v1/auth/mfa/verify */
                            mfa_token: string;
                            /** @enum {string} */
                            status: "mfa_required";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the current session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/mfa/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate TOTP with the first code; returns recovery codes (shown once) and a new access token
         * @description The user's other sessions end: they signed in without the second factor.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            recovery_codes: string[];
                            session_id: string;
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/mfa/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start TOTP enrolment
         * @description Returns the secret and an otpauth:// URI for an authenticator app. Activate with the first code it shows.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            otpauth_uri: string;
                            secret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete sign-in with a TOTP code or a recovery code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A 6-digit TOTP code or a recovery code */
                        code: string;
                        mfa_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            /** @description Single use: each refresh returns the next one */
                            refresh_token: string;
                            session_id: string;
                            /** @enum {string} */
                            status: "authenticated";
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a password-reset link
         * @description Always 202, whether or not the address has an account.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with the e-mailed token; every session of the user ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for new tokens
         * @description The refresh token is single use; the response carries the next one. Presenting a used refresh token again ends the whole session (401 TOKEN_REVOKED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            /** @description Single use: each refresh returns the next one */
                            refresh_token: string;
                            session_id: string;
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/auth/switch-store": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Act in another store the user is a member of
         * @description Returns a new access token for the chosen store; the refresh token keeps working.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        store_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @description Seconds until the access token expires */
                            expires_in: number;
                            /** @description True when the role needs MFA and the user has not enrolled: only enrolment is allowed */
                            mfa_enrolment_required: boolean;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            session_id: string;
                            /** @description The active store */
                            store_id: string | null;
                            store_role: ("owner" | "admin" | "staff" | "read_only") | null;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's carts, most recently changed first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    customer_id?: string;
                    email?: string;
                    limit?: number;
                    status?: "active" | "completed" | "expired" | "merged";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                billing_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                } | null;
                                completed_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                currency: string;
                                customer_id: string | null;
                                discount_total: number;
                                email: string | null;
                                /** @description ISO 8601, UTC */
                                expires_at: string;
                                id: string;
                                /** @description Units in the cart */
                                item_count: number;
                                line_count: number;
                                locale: string | null;
                                merged_into_cart_id: string | null;
                                order_id: string | null;
                                shipping_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                } | null;
                                /** @enum {string} */
                                status: "active" | "completed" | "expired" | "merged";
                                subtotal: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                                version: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/carts/{cartId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One cart with its lines and totals, whatever its status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The category tree with product counts (including subcategories) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                children: {
                                    children: {
                                        children: {
                                            children: {
                                                children: {
                                                    children: {
                                                        [key: string]: unknown;
                                                    }[];
                                                    description: string;
                                                    handle: string;
                                                    id: string;
                                                    name: string;
                                                    parent_id: string | null;
                                                    position: number;
                                                    /** @description Distinct products in this category or any below it */
                                                    product_count: number;
                                                }[];
                                                description: string;
                                                handle: string;
                                                id: string;
                                                name: string;
                                                parent_id: string | null;
                                                position: number;
                                                /** @description Distinct products in this category or any below it */
                                                product_count: number;
                                            }[];
                                            description: string;
                                            handle: string;
                                            id: string;
                                            name: string;
                                            parent_id: string | null;
                                            position: number;
                                            /** @description Distinct products in this category or any below it */
                                            product_count: number;
                                        }[];
                                        description: string;
                                        handle: string;
                                        id: string;
                                        name: string;
                                        parent_id: string | null;
                                        position: number;
                                        /** @description Distinct products in this category or any below it */
                                        product_count: number;
                                    }[];
                                    description: string;
                                    handle: string;
                                    id: string;
                                    name: string;
                                    parent_id: string | null;
                                    position: number;
                                    /** @description Distinct products in this category or any below it */
                                    product_count: number;
                                }[];
                                description: string;
                                handle: string;
                                id: string;
                                name: string;
                                parent_id: string | null;
                                position: number;
                                /** @description Distinct products in this category or any below it */
                                product_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a category */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        handle?: string;
                        name: string;
                        parent_id?: string | null;
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string;
                            handle: string;
                            id: string;
                            name: string;
                            parent_id: string | null;
                            position: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/categories/{categoryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One category */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    categoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string;
                            handle: string;
                            id: string;
                            name: string;
                            parent_id: string | null;
                            position: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a category
         * @description Refused with 409 CATEGORY_HAS_CHILDREN while it has subcategories. Products stay.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    categoryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename, reorder or move a category
         * @description `parent_id: null` moves it to the top. Moving it under itself or a descendant is 422 CATEGORY_CYCLE.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    categoryId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        handle?: string;
                        name?: string;
                        parent_id?: string | null;
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string;
                            handle: string;
                            id: string;
                            name: string;
                            parent_id: string | null;
                            position: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/categories/{categoryId}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign products to a category */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    categoryId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        product_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/categories/{categoryId}/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a product from a category */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    categoryId: string;
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Collections, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                description: string;
                                handle: string;
                                id: string;
                                title: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a manual collection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        handle?: string;
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            title: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/collections/{collectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One collection */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    collectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            title: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a collection */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    collectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a collection */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    collectionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        handle?: string;
                        title?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            title: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/collections/{collectionId}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A collection's products, in order */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    collectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                handle: string;
                                id: string;
                                image_alt: string | null;
                                image_url: string | null;
                                position: number;
                                status: string;
                                title: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        /** Set a collection's products, in order */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    collectionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        product_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/coupons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's coupons, newest first */
        get: {
            parameters: {
                query?: {
                    active?: "true" | "false";
                    /** @description Exact code, any case */
                    code?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                active: boolean;
                                code: string;
                                created_at: string;
                                description: string;
                                discount: {
                                    basis_points: number;
                                    /** @enum {string} */
                                    kind: "percentage";
                                } | {
                                    /** @description Minor units per ISO 4217 currency */
                                    amounts: {
                                        [key: string]: number;
                                    };
                                    /** @enum {string} */
                                    kind: "fixed_amount";
                                } | {
                                    /** @enum {string} */
                                    kind: "free_shipping";
                                };
                                ends_at: string | null;
                                id: string;
                                /** @description Minor units per ISO 4217 currency */
                                minimum_subtotal: {
                                    [key: string]: number;
                                };
                                per_customer_limit: number | null;
                                scope: {
                                    ids: string[];
                                    /** @enum {string} */
                                    kind: "all" | "products" | "categories";
                                };
                                starts_at: string | null;
                                /** @description Redemptions by orders, not counting released ones */
                                times_redeemed: number;
                                updated_at: string;
                                usage_limit: number | null;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a coupon code
         * @description Codes are unique per store regardless of case. A percentage is in basis points (1000 = 10 %); fixed amounts and minimum subtotals are minor units per currency.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        active?: boolean;
                        code: string;
                        /** @default  */
                        description?: string;
                        discount: {
                            /** @description 1000 = 10 % off */
                            basis_points: number;
                            /** @enum {string} */
                            kind: "percentage";
                        } | {
                            /** @description Minor units off per currency; carts in other currencies cannot use the code */
                            amounts: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            kind: "fixed_amount";
                        } | {
                            /** @enum {string} */
                            kind: "free_shipping";
                        };
                        /** @default null */
                        ends_at?: string | null;
                        /**
                         * @description Lowest cart subtotal per currency; when set, carts in other currencies cannot use the code
                         * @default {}
                         */
                        minimum_subtotal?: {
                            [key: string]: number;
                        };
                        /**
                         * @description Redemptions per customer (or per e-mail for guests); null: no limit
                         * @default null
                         */
                        per_customer_limit?: number | null;
                        /**
                         * @default {
                         *       "kind": "all"
                         *     }
                         */
                        scope?: {
                            /** @enum {string} */
                            kind: "all";
                        } | {
                            /** @description Product ids */
                            ids: string[];
                            /** @enum {string} */
                            kind: "products";
                        } | {
                            /** @description Category ids; a category includes its subcategories */
                            ids: string[];
                            /** @enum {string} */
                            kind: "categories";
                        };
                        /** @default null */
                        starts_at?: string | null;
                        /**
                         * @description Redemptions in all; null: no limit
                         * @default null
                         */
                        usage_limit?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            code: string;
                            created_at: string;
                            description: string;
                            discount: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage";
                            } | {
                                /** @description Minor units per ISO 4217 currency */
                                amounts: {
                                    [key: string]: number;
                                };
                                /** @enum {string} */
                                kind: "fixed_amount";
                            } | {
                                /** @enum {string} */
                                kind: "free_shipping";
                            };
                            ends_at: string | null;
                            id: string;
                            /** @description Minor units per ISO 4217 currency */
                            minimum_subtotal: {
                                [key: string]: number;
                            };
                            per_customer_limit: number | null;
                            scope: {
                                ids: string[];
                                /** @enum {string} */
                                kind: "all" | "products" | "categories";
                            };
                            starts_at: string | null;
                            /** @description Redemptions by orders, not counting released ones */
                            times_redeemed: number;
                            updated_at: string;
                            usage_limit: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/coupons/{couponId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One coupon */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    couponId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            code: string;
                            created_at: string;
                            description: string;
                            discount: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage";
                            } | {
                                /** @description Minor units per ISO 4217 currency */
                                amounts: {
                                    [key: string]: number;
                                };
                                /** @enum {string} */
                                kind: "fixed_amount";
                            } | {
                                /** @enum {string} */
                                kind: "free_shipping";
                            };
                            ends_at: string | null;
                            id: string;
                            /** @description Minor units per ISO 4217 currency */
                            minimum_subtotal: {
                                [key: string]: number;
                            };
                            per_customer_limit: number | null;
                            scope: {
                                ids: string[];
                                /** @enum {string} */
                                kind: "all" | "products" | "categories";
                            };
                            starts_at: string | null;
                            /** @description Redemptions by orders, not counting released ones */
                            times_redeemed: number;
                            updated_at: string;
                            usage_limit: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a coupon that was never redeemed
         * @description A redeemed coupon cannot be deleted (409): deactivate it with PATCH { "active": false }.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    couponId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a coupon
         * @description Carts holding the coupon re-check it at their next change.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    couponId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        code?: string;
                        description?: string;
                        discount?: {
                            /** @description 1000 = 10 % off */
                            basis_points: number;
                            /** @enum {string} */
                            kind: "percentage";
                        } | {
                            /** @description Minor units off per currency; carts in other currencies cannot use the code */
                            amounts: {
                                [key: string]: number;
                            };
                            /** @enum {string} */
                            kind: "fixed_amount";
                        } | {
                            /** @enum {string} */
                            kind: "free_shipping";
                        };
                        ends_at?: string | null;
                        /** @description Lowest cart subtotal per currency; when set, carts in other currencies cannot use the code */
                        minimum_subtotal?: {
                            [key: string]: number;
                        };
                        /** @description Redemptions per customer (or per e-mail for guests); null: no limit */
                        per_customer_limit?: number | null;
                        scope?: {
                            /** @enum {string} */
                            kind: "all";
                        } | {
                            /** @description Product ids */
                            ids: string[];
                            /** @enum {string} */
                            kind: "products";
                        } | {
                            /** @description Category ids; a category includes its subcategories */
                            ids: string[];
                            /** @enum {string} */
                            kind: "categories";
                        };
                        starts_at?: string | null;
                        /** @description Redemptions in all; null: no limit */
                        usage_limit?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            code: string;
                            created_at: string;
                            description: string;
                            discount: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage";
                            } | {
                                /** @description Minor units per ISO 4217 currency */
                                amounts: {
                                    [key: string]: number;
                                };
                                /** @enum {string} */
                                kind: "fixed_amount";
                            } | {
                                /** @enum {string} */
                                kind: "free_shipping";
                            };
                            ends_at: string | null;
                            id: string;
                            /** @description Minor units per ISO 4217 currency */
                            minimum_subtotal: {
                                [key: string]: number;
                            };
                            per_customer_limit: number | null;
                            scope: {
                                ids: string[];
                                /** @enum {string} */
                                kind: "all" | "products" | "categories";
                            };
                            starts_at: string | null;
                            /** @description Redemptions by orders, not counting released ones */
                            times_redeemed: number;
                            updated_at: string;
                            usage_limit: number | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/coupons/{couponId}/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A coupon's redemptions by orders, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    couponId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                cart_id: string | null;
                                coupon_id: string;
                                created_at: string;
                                currency: string;
                                customer_id: string | null;
                                id: string;
                                order_id: string;
                                released_at: string | null;
                                /** @enum {string} */
                                status: "redeemed" | "released";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customer-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customer groups, by name, with how many customers each holds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                description: string | null;
                                id: string;
                                member_count: number;
                                name: string;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a customer group
         * @description Price lists and price rules limited to its id (`customer_group_ids`) price its members’ carts. A name already used in the store (whatever its case) is 409 CONFLICT; a store keeps at most 200 groups (409 LIMIT_REACHED). Audited; emits `customer_group.created`. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** @description Unique in the store, whatever its case */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            description: string | null;
                            id: string;
                            member_count: number;
                            name: string;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customer-groups/{groupId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer group */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            description: string | null;
                            id: string;
                            member_count: number;
                            name: string;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a customer group (its customers leave it)
         * @description Price lists and rules that name the group keep its id and apply to nobody until edited. Audited; emits `customer_group.deleted`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename or describe a customer group
         * @description Audited; emits `customer_group.updated`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            description: string | null;
                            id: string;
                            member_count: number;
                            name: string;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/customer-groups/{groupId}/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The customers in a group, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                email: string;
                                erased: boolean;
                                first_name: string | null;
                                id: string;
                                last_login_at: string | null;
                                last_name: string | null;
                                /** @description Has a password (false: a guest record made at checkout) */
                                registered: boolean;
                                /** @enum {string} */
                                status: "active" | "disabled";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Put customers in a group
         * @description All or nothing: an id that is not a customer of this store refuses the request (400, naming them). Customers already in the group stay. Their carts take the group’s prices at their next change. Audited; emits `customer_group.members_added`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shoppers of this store to put in the group (at most 500) */
                        customer_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Customers who were not in the group before */
                            added: number;
                            member_count: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customer-groups/{groupId}/customers/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a customer out of a group
         * @description 404 when they are not in it. Audited; emits `customer_group.member_removed`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                    groupId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customers, newest first, with search by e-mail or name */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    /** @description Part of the e-mail address, first name, last name or "first last" (case-insensitive) */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                email: string;
                                erased: boolean;
                                first_name: string | null;
                                id: string;
                                last_login_at: string | null;
                                last_name: string | null;
                                /** @description Has a password (false: a guest record made at checkout) */
                                registered: boolean;
                                /** @enum {string} */
                                status: "active" | "disabled";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer with their profile, addresses, marketing consent, wish list and groups */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            addresses: {
                                address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                id: string;
                                is_default_billing: boolean;
                                is_default_shipping: boolean;
                                /** @description The shopper's name for it: "Home", "Office"… */
                                label: string | null;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            email: string;
                            erased: boolean;
                            first_name: string | null;
                            /** @description The customer groups they are in */
                            groups: {
                                id: string;
                                name: string;
                            }[];
                            id: string;
                            last_login_at: string | null;
                            last_name: string | null;
                            marketing_consent: {
                                /** @description When the shopper gave or withdrew it */
                                changed_at: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                source: ("checkout" | "account" | "import" | "admin" | "recovery") | null;
                                /**
                                 * @description `none`: never asked — which, for marketing, means no consent
                                 * @enum {string}
                                 */
                                status: "granted" | "withdrawn" | "none";
                            }[];
                            profile: {
                                customer_id: string;
                                erased_at: string | null;
                                locale: string | null;
                                phone: string | null;
                                /** @description When the shopper created their password */
                                registered_at: string | null;
                                /** @description They had checked out as a guest before registering */
                                was_guest: boolean;
                            };
                            /** @description Has a password (false: a guest record made at checkout) */
                            registered: boolean;
                            /** @enum {string} */
                            status: "active" | "disabled";
                            wishlist: {
                                /** @description ISO 8601, UTC */
                                added_at: string;
                                /** @description The product (and variant) still exist and the product is for sale */
                                available: boolean;
                                id: string;
                                /** @description Null when the product no longer exists */
                                product: {
                                    handle: string;
                                    title: string;
                                } | null;
                                product_id: string;
                                variant: {
                                    sku: string;
                                    title: string;
                                } | null;
                                variant_id: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an address to a customer's address book
         * @description As the shopper would (the first address becomes both defaults; a full book is 409 LIMIT_REACHED; an erased customer is 409). Audited. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /** @description Make it the default billing address */
                        default_billing?: boolean;
                        /** @description Make it the default shipping address */
                        default_shipping?: boolean;
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            is_default_billing: boolean;
                            is_default_shipping: boolean;
                            /** @description The shopper's name for it: "Home", "Office"… */
                            label: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/addresses/{addressId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an address from a customer's address book
         * @description If it was a default, the newest remaining address becomes the default. Audited.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    addressId: string;
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an address of a customer's address book, or make it a default
         * @description `address` replaces the whole address. Audited (which fields, not their values).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    addressId: string;
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Replaces the whole address */
                        address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /**
                         * @description Make it the default billing address
                         * @enum {boolean}
                         */
                        default_billing?: true;
                        /**
                         * @description Make it the default shipping address (to change the default, choose another one)
                         * @enum {boolean}
                         */
                        default_shipping?: true;
                        label?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            is_default_billing: boolean;
                            is_default_shipping: boolean;
                            /** @description The shopper's name for it: "Home", "Office"… */
                            label: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/consent/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Record a customer's marketing consent taken by staff (source `admin`)
         * @description Audited. An erased customer is 409.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "push";
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "granted" | "withdrawn";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description When the shopper gave or withdrew it */
                            changed_at: string | null;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            source: ("checkout" | "account" | "import" | "admin" | "recovery") | null;
                            /**
                             * @description `none`: never asked — which, for marketing, means no consent
                             * @enum {string}
                             */
                            status: "granted" | "withdrawn" | "none";
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/consent/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer's statements of marketing consent, newest first */
        get: {
            parameters: {
                query?: {
                    channel?: "email" | "sms" | "push";
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                actor_type: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                id: string;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                                /** @description ISO 8601, UTC */
                                recorded_at: string;
                                /** @enum {string} */
                                source: "checkout" | "account" | "import" | "admin" | "recovery";
                                /** @enum {string} */
                                status: "granted" | "withdrawn";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase a customer's personal data (GDPR)
         * @description Confirm with the customer's current e-mail address (a mismatch is 422 CONFIRMATION_MISMATCH). Every module erases what it holds in one transaction; orders and payments stay, anonymised. Erasing an erased customer returns the first erasure. Audited; emits `customer.erased`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        confirm_email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description True when an earlier request had already erased the customer */
                            already_erased: boolean;
                            customer_id: string;
                            /** @description ISO 8601, UTC */
                            erased_at: string;
                            erased_by: {
                                id: string | null;
                                type: string | null;
                            };
                            /** @description The modules whose personal data this erasure covered */
                            modules: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/customers/{customerId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download everything held about a customer (GDPR export)
         * @description JSON, one section per module that holds personal data, served as an attachment. Audited.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer_id: string;
                            /** @description One section per module that holds personal data (identity, customers, and later cart, orders…) */
                            data: {
                                [key: string]: unknown;
                            };
                            /** @description ISO 8601, UTC */
                            exported_at: string;
                            /** @enum {string} */
                            format: "carton.customer-export.v1";
                            store_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event types Carton emits (for webhook filters) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                description: string;
                                type: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store's events, newest first
         * @description Every event the store emitted, as sent to webhooks and the live feed. To catch up after a disconnect: `order=asc&after=<last event id>`. Live: a WebSocket at `GET /admin/v1/events/live` (`?types=order.*,cart.abandoned`, `?after=<event id>` to resume), authenticated by the `Authorization` header, or — from a browser — by offering the subprotocols `carton.events.v1, carton.bearer.<access token or secret key>`, or by `?access_token=`. Messages are JSON: `{kind: "ready"}`, `{kind: "event", event}`, `{kind: "gap"}` (catch up over REST).
         */
        get: {
            parameters: {
                query?: {
                    after?: string;
                    aggregate_id?: string;
                    aggregate_type?: string;
                    cursor?: string;
                    limit?: number;
                    order?: "asc" | "desc";
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                aggregate_id: string;
                                aggregate_type: string;
                                data: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                occurred_at: string;
                                sequence: number;
                                type: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/exchange-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Exchange rates */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                base_currency: string;
                                created_at: string;
                                id: string;
                                quote_currency: string;
                                /** @description 1 base_currency = rate quote_currency */
                                rate: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Set an exchange rate
         * @description Used when a variant has no price (base or price list) in the requested currency: its price in base_currency is converted and rounded half up to the quote currency’s minor unit.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        base_currency: string;
                        quote_currency: string;
                        /** @description 1 unit of base_currency = rate units of quote_currency, as a decimal string */
                        rate: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            base_currency: string;
                            created_at: string;
                            id: string;
                            quote_currency: string;
                            /** @description 1 base_currency = rate quote_currency */
                            rate: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/exchange-rates/{exchangeRateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an exchange rate */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    exchangeRateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/integrations/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's connected shops, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    platform?: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                    status?: "active" | "disconnected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                                credentials: {
                                    [key: string]: string;
                                };
                                disconnected_at: string | null;
                                id: string;
                                last_delivery_at: string | null;
                                name: string;
                                /** @enum {string} */
                                platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                                polling: {
                                    /** @description Whether this platform can be polled */
                                    available: boolean;
                                    cursors: {
                                        items_recorded: number;
                                        /** @description The next poll asks for items modified since (about) then */
                                        modified_after: string;
                                        /** @enum {string} */
                                        resource: "carts" | "orders";
                                    }[];
                                    enabled: boolean;
                                    interval_seconds: number;
                                };
                                /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                                shop: string;
                                /** @enum {string} */
                                status: "active" | "disconnected";
                                sync: {
                                    consecutive_failures: number;
                                    last_at: string | null;
                                    last_error: string | null;
                                    /** @description When a worker next polls or retries pending fetches */
                                    next_at: string | null;
                                };
                                updated_at: string;
                                webhook: {
                                    /** @description How each delivery is verified */
                                    authenticity: string;
                                    /** @description Paste this into the platform as the webhook's delivery URL */
                                    ingest_url: string;
                                    /** @description The topics (scopes, hooks) to subscribe */
                                    topics: string[];
                                };
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Connect a shop on Shopify, WooCommerce, BigCommerce or Magento
         * @description Credentials are write-only: stored encrypted (AES-256-GCM), shown as hints. The answer names the ingest URL to paste into the platform and the topics to subscribe (docs/integrations.md). A shop already connected to this store is 409 ALREADY_EXISTS.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Admin API access token (shpat_…); optional */
                        access_token?: string;
                        /** @description Default: the shop's domain, URL or hash */
                        name?: string;
                        /** @enum {string} */
                        platform: "shopify";
                        shop_domain: string;
                        /** @description The app's client secret, or the signing key Shopify shows under Settings → Notifications → Webhooks */
                        webhook_secret: string;
                    } | {
                        /** @description REST API consumer key (ck_…), read access */
                        consumer_key: string;
                        /** @description REST API consumer secret (cs_…) */
                        consumer_secret: string;
                        /** @description Default: the shop's domain, URL or hash */
                        name?: string;
                        /** @enum {string} */
                        platform: "woocommerce";
                        /** @description Poll orders (for stores whose webhooks cannot reach Carton) */
                        polling?: {
                            enabled: boolean;
                            /** @description Default 300 */
                            interval_seconds?: number;
                            /**
                             * Format: date-time
                             * @description Where the first poll starts (default: 24 hours ago)
                             */
                            since?: string;
                        };
                        /** Format: uri */
                        site_url: string;
                        /** @description The secret typed into each webhook's Secret field */
                        webhook_secret: string;
                    } | {
                        /** @description API account access token (X-Auth-Token) */
                        access_token: string;
                        client_id?: string;
                        /** @description Default: the shop's domain, URL or hash */
                        name?: string;
                        /** @enum {string} */
                        platform: "bigcommerce";
                        store_hash: string;
                        /** @description A random secret of your choosing (≥ 24 characters), set as the X-Carton-Webhook-Token header of each webhook */
                        webhook_token: string;
                    } | {
                        /** @description Integration access token (Bearer), read access to carts and orders */
                        access_token: string;
                        /** Format: uri */
                        base_url: string;
                        /** @description Default: the shop's domain, URL or hash */
                        name?: string;
                        /** @enum {string} */
                        platform: "magento";
                        /** @description Default: on — Magento Open Source has no webhooks */
                        polling?: {
                            enabled: boolean;
                            /** @description Default 300 */
                            interval_seconds?: number;
                            /**
                             * Format: date-time
                             * @description Where the first poll starts (default: 24 hours ago)
                             */
                            since?: string;
                        };
                        /** @description Adobe Commerce webhooks' public key (Digital Signature Configuration), for stores that send webhooks */
                        webhook_public_key?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                            credentials: {
                                [key: string]: string;
                            };
                            disconnected_at: string | null;
                            id: string;
                            last_delivery_at: string | null;
                            name: string;
                            /** @enum {string} */
                            platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            polling: {
                                /** @description Whether this platform can be polled */
                                available: boolean;
                                cursors: {
                                    items_recorded: number;
                                    /** @description The next poll asks for items modified since (about) then */
                                    modified_after: string;
                                    /** @enum {string} */
                                    resource: "carts" | "orders";
                                }[];
                                enabled: boolean;
                                interval_seconds: number;
                            };
                            /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                            shop: string;
                            /** @enum {string} */
                            status: "active" | "disconnected";
                            sync: {
                                consecutive_failures: number;
                                last_at: string | null;
                                last_error: string | null;
                                /** @description When a worker next polls or retries pending fetches */
                                next_at: string | null;
                            };
                            updated_at: string;
                            webhook: {
                                /** @description How each delivery is verified */
                                authenticity: string;
                                /** @description Paste this into the platform as the webhook's delivery URL */
                                ingest_url: string;
                                /** @description The topics (scopes, hooks) to subscribe */
                                topics: string[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/integrations/connections/{connectionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connection */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                            credentials: {
                                [key: string]: string;
                            };
                            disconnected_at: string | null;
                            id: string;
                            last_delivery_at: string | null;
                            name: string;
                            /** @enum {string} */
                            platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            polling: {
                                /** @description Whether this platform can be polled */
                                available: boolean;
                                cursors: {
                                    items_recorded: number;
                                    /** @description The next poll asks for items modified since (about) then */
                                    modified_after: string;
                                    /** @enum {string} */
                                    resource: "carts" | "orders";
                                }[];
                                enabled: boolean;
                                interval_seconds: number;
                            };
                            /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                            shop: string;
                            /** @enum {string} */
                            status: "active" | "disconnected";
                            sync: {
                                consecutive_failures: number;
                                last_at: string | null;
                                last_error: string | null;
                                /** @description When a worker next polls or retries pending fetches */
                                next_at: string | null;
                            };
                            updated_at: string;
                            webhook: {
                                /** @description How each delivery is verified */
                                authenticity: string;
                                /** @description Paste this into the platform as the webhook's delivery URL */
                                ingest_url: string;
                                /** @description The topics (scopes, hooks) to subscribe */
                                topics: string[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Disconnect a shop
         * @description Its credentials are erased, polling stops, and its ingest URL answers 404 from now on. What it delivered stays. Disconnecting again returns the connection as it is.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                            credentials: {
                                [key: string]: string;
                            };
                            disconnected_at: string | null;
                            id: string;
                            last_delivery_at: string | null;
                            name: string;
                            /** @enum {string} */
                            platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            polling: {
                                /** @description Whether this platform can be polled */
                                available: boolean;
                                cursors: {
                                    items_recorded: number;
                                    /** @description The next poll asks for items modified since (about) then */
                                    modified_after: string;
                                    /** @enum {string} */
                                    resource: "carts" | "orders";
                                }[];
                                enabled: boolean;
                                interval_seconds: number;
                            };
                            /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                            shop: string;
                            /** @enum {string} */
                            status: "active" | "disconnected";
                            sync: {
                                consecutive_failures: number;
                                last_at: string | null;
                                last_error: string | null;
                                /** @description When a worker next polls or retries pending fetches */
                                next_at: string | null;
                            };
                            updated_at: string;
                            webhook: {
                                /** @description How each delivery is verified */
                                authenticity: string;
                                /** @description Paste this into the platform as the webhook's delivery URL */
                                ingest_url: string;
                                /** @description The topics (scopes, hooks) to subscribe */
                                topics: string[];
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename a connection, change its shop, rotate a credential, or change polling
         * @description Only the fields of the connection’s platform are accepted (others: 422). A new credential replaces the old at once. Turning polling on starts from 24 hours ago unless `polling.since` says otherwise; `polling.since` also moves an existing cursor.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        access_token?: string;
                        /** Format: uri */
                        base_url?: string;
                        /** @description null removes it */
                        client_id?: string | null;
                        consumer_key?: string;
                        consumer_secret?: string;
                        name?: string;
                        polling?: {
                            enabled?: boolean;
                            /** @description Default 300 */
                            interval_seconds?: number;
                            /**
                             * Format: date-time
                             * @description Where the first poll starts (default: 24 hours ago)
                             */
                            since?: string;
                        };
                        shop_domain?: string;
                        /** Format: uri */
                        site_url?: string;
                        store_hash?: string;
                        /** @description null removes it */
                        webhook_public_key?: string | null;
                        webhook_secret?: string;
                        webhook_token?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                            credentials: {
                                [key: string]: string;
                            };
                            disconnected_at: string | null;
                            id: string;
                            last_delivery_at: string | null;
                            name: string;
                            /** @enum {string} */
                            platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            polling: {
                                /** @description Whether this platform can be polled */
                                available: boolean;
                                cursors: {
                                    items_recorded: number;
                                    /** @description The next poll asks for items modified since (about) then */
                                    modified_after: string;
                                    /** @enum {string} */
                                    resource: "carts" | "orders";
                                }[];
                                enabled: boolean;
                                interval_seconds: number;
                            };
                            /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                            shop: string;
                            /** @enum {string} */
                            status: "active" | "disconnected";
                            sync: {
                                consecutive_failures: number;
                                last_at: string | null;
                                last_error: string | null;
                                /** @description When a worker next polls or retries pending fetches */
                                next_at: string | null;
                            };
                            updated_at: string;
                            webhook: {
                                /** @description How each delivery is verified */
                                authenticity: string;
                                /** @description Paste this into the platform as the webhook's delivery URL */
                                ingest_url: string;
                                /** @description The topics (scopes, hooks) to subscribe */
                                topics: string[];
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/integrations/connections/{connectionId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A connection's webhook deliveries, newest first
         * @description Applied, pending (a fetch from the platform to retry), or failed. No personal data.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "applied" | "ignored" | "pending" | "failed";
                };
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                attempts: number;
                                id: string;
                                items_recorded: number;
                                last_error: string | null;
                                next_attempt_at: string | null;
                                processed_at: string | null;
                                received_at: string;
                                /** @description What had to be fetched from the platform (BigCommerce) */
                                resource: {
                                    id: string;
                                    type: string;
                                } | null;
                                /** @enum {string} */
                                status: "applied" | "ignored" | "pending" | "failed";
                                topic: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/integrations/connections/{connectionId}/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a connection handed to recovery: carts, purchases and contacts, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    kind?: "cart" | "purchase" | "contact";
                    limit?: number;
                };
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                delivery_id: string | null;
                                external_id: string;
                                /** @description When the recovery module took it; null until then */
                                handed_at: string | null;
                                id: string;
                                /** @description The ExternalCart, ExternalPurchase or ExternalContact handed to recovery (docs/integrations.md) */
                                item: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                kind: "cart" | "purchase" | "contact";
                                occurred_at: string;
                                received_at: string;
                                /** @enum {string} */
                                source: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                                /** @enum {string} */
                                via: "webhook" | "poll";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/integrations/connections/{connectionId}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync now: poll, and retry fetches left pending
         * @description A worker picks the connection up within seconds. 422 when there is nothing to sync.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description A hint per credential held (e.g. `ck_…a1b2`); the credentials themselves are write-only */
                            credentials: {
                                [key: string]: string;
                            };
                            disconnected_at: string | null;
                            id: string;
                            last_delivery_at: string | null;
                            name: string;
                            /** @enum {string} */
                            platform: "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            polling: {
                                /** @description Whether this platform can be polled */
                                available: boolean;
                                cursors: {
                                    items_recorded: number;
                                    /** @description The next poll asks for items modified since (about) then */
                                    modified_after: string;
                                    /** @enum {string} */
                                    resource: "carts" | "orders";
                                }[];
                                enabled: boolean;
                                interval_seconds: number;
                            };
                            /** @description Shopify's myshopify.com domain, BigCommerce's store hash, or the site's URL */
                            shop: string;
                            /** @enum {string} */
                            status: "active" | "disconnected";
                            sync: {
                                consecutive_failures: number;
                                last_at: string | null;
                                last_error: string | null;
                                /** @description When a worker next polls or retries pending fetches */
                                next_at: string | null;
                            };
                            updated_at: string;
                            webhook: {
                                /** @description How each delivery is verified */
                                authenticity: string;
                                /** @description Paste this into the platform as the webhook's delivery URL */
                                ingest_url: string;
                                /** @description The topics (scopes, hooks) to subscribe */
                                topics: string[];
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory-levels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stock levels per variant per location */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    location_id?: string;
                    low_stock?: "true" | "false";
                    /** @description Comma-separated variant ids */
                    variant_ids?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description on_hand − reserved − damaged; negative only when backordered */
                                available: number;
                                damaged: number;
                                id: string;
                                location_id: string;
                                /** @description available is below the reorder point */
                                low_stock: boolean;
                                on_hand: number;
                                reorder_point: number | null;
                                reserved: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                variant_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        /**
         * Set the counted on-hand quantity and/or the reorder point of a level
         * @description Creates the level if the variant has none at the location. A changed on-hand quantity is recorded in the ledger as a `correction`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        location_id: string;
                        note?: string;
                        /** @description Counted units on hand (a stock count); the difference is recorded as a correction */
                        on_hand?: number;
                        reorder_point?: number | null;
                        variant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description on_hand − reserved − damaged; negative only when backordered */
                            available: number;
                            damaged: number;
                            id: string;
                            location_id: string;
                            /** @description available is below the reorder point */
                            low_stock: boolean;
                            on_hand: number;
                            reorder_point: number | null;
                            reserved: number;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            variant_id: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory-levels/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set the on-hand quantity of many variants at one location, all or nothing
         * @description Up to 10,000 levels in one transaction. Missing levels are created; each changed quantity is one `adjustment` ledger row with the given `reason` (`correction` by default, or `import`) and one `reference` shared by the whole call. Without `location_id`, the store's default location: its active location with the lowest priority, or — for a store without any location — a new "Default warehouse". An unknown variant or location is 404, lowering stock below what is reserved or damaged 409 INSUFFICIENT_STOCK; either way nothing is written. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        levels: {
                            /** @description Units on hand after the call; the difference is recorded in the ledger */
                            on_hand: number;
                            /** @description Set (or clear with null) the reorder point; absent: unchanged */
                            reorder_point?: number | null;
                            variant_id: string;
                        }[];
                        /** @description Where the stock is. Default: the store's default location — its active location with the lowest priority; a store without any location gets one, "Default warehouse" (code `default`). */
                        location_id?: string;
                        note?: string;
                        /**
                         * @description Recorded on every ledger row
                         * @default correction
                         * @enum {string}
                         */
                        reason?: "correction" | "import";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            levels: {
                                available: number;
                                level_id: string;
                                low_stock: boolean;
                                on_hand: number;
                                previous_on_hand: number;
                                reorder_point: number | null;
                                variant_id: string;
                            }[];
                            /** @description Levels whose on-hand quantity changed (one ledger row each) */
                            levels_changed: number;
                            levels_created: number;
                            /** @description The default location was created by this call */
                            location_created: boolean;
                            location_id: string;
                            /** @description On every ledger row this call wrote (filter the movements by it) */
                            reference: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adjust stock at a location for a reason
         * @description Reasons: received, returned (+on hand); shrinkage (−on hand); damaged (+damaged); repaired (−damaged); disposed (−on hand and −damaged); correction (± on hand). A change that would take units that are not there is 409 INSUFFICIENT_STOCK.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        location_id: string;
                        note?: string;
                        /** @description Units; positive, except for `correction`, which may be negative */
                        quantity: number;
                        /** @enum {string} */
                        reason: "received" | "returned" | "shrinkage" | "damaged" | "repaired" | "disposed" | "correction";
                        variant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            level: {
                                /** @description on_hand − reserved − damaged; negative only when backordered */
                                available: number;
                                damaged: number;
                                id: string;
                                location_id: string;
                                /** @description available is below the reorder point */
                                low_stock: boolean;
                                on_hand: number;
                                reorder_point: number | null;
                                reserved: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                variant_id: string;
                            };
                            movement_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The movement ledger, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    kind?: "adjustment" | "transfer_out" | "transfer_in" | "committed";
                    limit?: number;
                    location_id?: string;
                    reference?: string;
                    variant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                actor_id: string | null;
                                actor_type: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                damaged_delta: number;
                                id: string;
                                /** @enum {string} */
                                kind: "adjustment" | "transfer_out" | "transfer_in" | "committed";
                                location_id: string;
                                note: string | null;
                                on_hand_delta: number;
                                reason: string | null;
                                reference: string | null;
                                variant_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reservations, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    owner_ref?: string;
                    status?: "active" | "released" | "committed" | "expired";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                committed_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description ISO 8601, UTC */
                                expires_at: string;
                                id: string;
                                key: string;
                                lines: {
                                    location_id: string;
                                    quantity: number;
                                    variant_id: string;
                                }[];
                                order_ref: string | null;
                                owner_ref: string;
                                released_at: string | null;
                                /** @enum {string} */
                                status: "active" | "released" | "committed" | "expired";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Reserve stock for a cart or checkout
         * @description All lines or nothing (409 INSUFFICIENT_STOCK). 201 with a new reservation; 200 with the existing one when `key` was used before for the same lines.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 900 */
                        expires_in_seconds?: number;
                        /** @description Idempotency: the same key returns the same reservation instead of reserving again */
                        key?: string;
                        lines: {
                            /** @description Reserve at this location only; otherwise by location priority */
                            location_id?: string;
                            quantity: number;
                            variant_id: string;
                        }[];
                        /** @description What holds the stock, e.g. `cart_…` or `chk_…` */
                        owner_ref: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            committed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            key: string;
                            lines: {
                                location_id: string;
                                quantity: number;
                                variant_id: string;
                            }[];
                            order_ref: string | null;
                            owner_ref: string;
                            released_at: string | null;
                            /** @enum {string} */
                            status: "active" | "released" | "committed" | "expired";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            committed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            key: string;
                            lines: {
                                location_id: string;
                                quantity: number;
                                variant_id: string;
                            }[];
                            order_ref: string | null;
                            owner_ref: string;
                            released_at: string | null;
                            /** @enum {string} */
                            status: "active" | "released" | "committed" | "expired";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/reservations/{reservationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One reservation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    reservationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            committed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            key: string;
                            lines: {
                                location_id: string;
                                quantity: number;
                                variant_id: string;
                            }[];
                            order_ref: string | null;
                            owner_ref: string;
                            released_at: string | null;
                            /** @enum {string} */
                            status: "active" | "released" | "committed" | "expired";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/reservations/{reservationId}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Commit a reservation to an order (the units leave on-hand stock)
         * @description Only an active, unexpired reservation can be committed: otherwise 409 INVALID_STATE_TRANSITION.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    reservationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        order_ref?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            committed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            key: string;
                            lines: {
                                location_id: string;
                                quantity: number;
                                variant_id: string;
                            }[];
                            order_ref: string | null;
                            owner_ref: string;
                            released_at: string | null;
                            /** @enum {string} */
                            status: "active" | "released" | "committed" | "expired";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/reservations/{reservationId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Release a reservation (its stock becomes available again)
         * @description Releasing a released or expired reservation returns it unchanged; a committed one is 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    reservationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            committed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            key: string;
                            lines: {
                                location_id: string;
                                quantity: number;
                                variant_id: string;
                            }[];
                            order_ref: string | null;
                            owner_ref: string;
                            released_at: string | null;
                            /** @enum {string} */
                            status: "active" | "released" | "committed" | "expired";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/inventory/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move units of a variant from one location to another
         * @description Both sides change in one transaction. Only available units (not reserved or damaged) move.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from_location_id: string;
                        note?: string;
                        quantity: number;
                        to_location_id: string;
                        variant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: {
                                /** @description on_hand − reserved − damaged; negative only when backordered */
                                available: number;
                                damaged: number;
                                id: string;
                                location_id: string;
                                /** @description available is below the reorder point */
                                low_stock: boolean;
                                on_hand: number;
                                reorder_point: number | null;
                                reserved: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                variant_id: string;
                            };
                            to: {
                                /** @description on_hand − reserved − damaged; negative only when backordered */
                                available: number;
                                damaged: number;
                                id: string;
                                location_id: string;
                                /** @description available is below the reorder point */
                                low_stock: boolean;
                                on_hand: number;
                                reorder_point: number | null;
                                reserved: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                variant_id: string;
                            };
                            transfer_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/marketing-consents/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record marketing consent for many e-mail addresses, all or nothing
         * @description Up to 1,000 entries. An e-mail with an account is recorded on it; others are kept for the guest and move to their account when they register. An entry older than where consent stands goes into the history only. Audited. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** Format: email */
                            email: string;
                            /**
                             * Format: date-time
                             * @description When the shopper said so (default: now); an older statement does not override a newer one
                             */
                            occurred_at?: string;
                            /** @enum {string} */
                            status: "granted" | "withdrawn";
                        }[];
                        /**
                         * @description `import`: records brought from another system; `admin`: statements taken by staff
                         * @default import
                         * @enum {string}
                         */
                        source?: "import" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changed: number;
                            recorded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in staff member, their stores and what they may do */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mfa_recovery_codes_remaining: number | null;
                            operator_role: string | null;
                            permissions: string[];
                            store_id: string | null;
                            store_role: string | null;
                            stores: {
                                handle: string;
                                id: string;
                                name: string;
                                role: string;
                            }[];
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which provider sends each channel, and its settings (credentials never returned) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                config: {
                                    [key: string]: unknown;
                                };
                                /** @description False: the default provider, never configured */
                                configured: boolean;
                                /** @description Which secrets are set; their values are never returned */
                                credentials: {
                                    [key: string]: {
                                        hint: string;
                                        /** @enum {boolean} */
                                        set: true;
                                    };
                                };
                                /** @enum {string} */
                                provider: "log" | "smtp" | "sendgrid" | "twilio" | "webpush";
                                vapid_public_key: string | null;
                                /** @description Give these to the provider */
                                webhook_urls: {
                                    [key: string]: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/channels/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose a channel's provider and set its settings and credentials
         * @description e-mail: `smtp` (the store’s server, or the platform’s), `sendgrid`, `log`; SMS: `twilio`, `log`; push: `webpush` (a VAPID key pair is generated when none is given), `log`. Credentials are write-only and kept when omitted while the provider stays the same. Missing required credentials: 422.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "push";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        provider: "log";
                    } | {
                        /** @default {} */
                        config?: {
                            /** Format: email */
                            from_email?: string;
                            from_name?: string;
                            /** @description The store's own SMTP server; without it, the platform's */
                            host?: string;
                            port?: number;
                            /** Format: email */
                            reply_to?: string;
                            /** @description TLS from the start (port 465); otherwise STARTTLS when offered */
                            secure?: boolean;
                            username?: string;
                        };
                        credentials?: {
                            password?: string;
                        };
                        /** @enum {string} */
                        provider: "smtp";
                    } | {
                        config: {
                            /** Format: email */
                            from_email: string;
                            from_name?: string;
                            /** Format: email */
                            reply_to?: string;
                            /** @description The Signed Event Webhook's verification key (base64 public key from SendGrid) */
                            webhook_verification_key?: string;
                        };
                        credentials?: {
                            api_key?: string;
                        };
                        /** @enum {string} */
                        provider: "sendgrid";
                    } | {
                        config: {
                            account_sid: string;
                            from?: string;
                            messaging_service_sid?: string;
                        };
                        credentials?: {
                            auth_token?: string;
                        };
                        /** @enum {string} */
                        provider: "twilio";
                    } | {
                        config: {
                            /** @description Who the push services contact about this sender */
                            vapid_subject: string;
                        };
                        /** @description Omit to keep the current keys, or to have a key pair generated */
                        credentials?: {
                            vapid_private_key?: string;
                            vapid_public_key?: string;
                        };
                        /** @enum {string} */
                        provider: "webpush";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            config: {
                                [key: string]: unknown;
                            };
                            /** @description False: the default provider, never configured */
                            configured: boolean;
                            /** @description Which secrets are set; their values are never returned */
                            credentials: {
                                [key: string]: {
                                    hint: string;
                                    /** @enum {boolean} */
                                    set: true;
                                };
                            };
                            /** @enum {string} */
                            provider: "log" | "smtp" | "sendgrid" | "twilio" | "webpush";
                            vapid_public_key: string | null;
                            /** @description Give these to the provider */
                            webhook_urls: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/channels/{channel}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test message through a channel's provider as it is set up
         * @description A fixed message to the address given (e-mail, E.164 phone, or a push subscription), straight to the provider: no template, consent or cap, nothing in the message log. Answers what the provider said (`failed` with its error when it refused). At most 10 an hour per channel (429 after). Audited; emits `messaging_channel.tested`. Accepts `Idempotency-Key`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "push";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description push: a browser push subscription (toJSON()) */
                        push_subscription?: {
                            /** Format: uri */
                            endpoint: string;
                            expirationTime?: number | null;
                            keys: {
                                auth: string;
                                p256dh: string;
                            };
                        };
                        /** @description e-mail: an address; SMS: an E.164 phone number. Not kept, logged only masked */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What the provider answered when it did not take the message */
                            error: {
                                code: string;
                                message: string;
                                transient: boolean;
                            } | null;
                            provider: string;
                            provider_message_id: string | null;
                            /** @enum {string} */
                            status: "sent" | "failed";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact's consent on a channel, and every statement of it */
        get: {
            parameters: {
                query: {
                    /** @description E-mail address, phone number (E.164) or push endpoint */
                    address: string;
                    channel: "email" | "sms" | "push";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            consent: {
                                /** @enum {string} */
                                category: "marketing" | "transactional";
                                changed_at: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                source: string | null;
                                /**
                                 * @description `none`: never stated — for marketing, that means no
                                 * @enum {string}
                                 */
                                status: "granted" | "withdrawn" | "none";
                            }[];
                            history: {
                                actor_type: string | null;
                                /** @enum {string} */
                                category: "marketing" | "transactional";
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                id: string;
                                message_id: string | null;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                                /** @description ISO 8601, UTC */
                                recorded_at: string;
                                source: string;
                                /** @enum {string} */
                                status: "granted" | "withdrawn";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Record a statement of consent taken by staff (source: admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E-mail address, phone number (E.164) or push endpoint */
                        address: string;
                        /**
                         * @default marketing
                         * @enum {string}
                         */
                        category?: "marketing" | "transactional";
                        /** @enum {string} */
                        channel: "email" | "sms" | "push";
                        /** @enum {string} */
                        status: "granted" | "withdrawn";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changed: boolean;
                            consent: {
                                /** @enum {string} */
                                category: "marketing" | "transactional";
                                changed_at: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                source: string | null;
                                /**
                                 * @description `none`: never stated — for marketing, that means no
                                 * @enum {string}
                                 */
                                status: "granted" | "withdrawn" | "none";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/contacts/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase an address's messages and consent (GDPR); the consent history stays, without the address
         * @description A shopper with an account is erased with POST /admin/v1/customers/{id}/erase, which includes this.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E-mail address, phone number (E.164) or push endpoint */
                        address: string;
                        /** @enum {string} */
                        channel: "email" | "sms" | "push";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            consent_history_anonymised: number;
                            consents_deleted: number;
                            contact: string;
                            messages_deleted: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/contacts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Everything messaging holds about an address (GDPR export): messages, consent, its history */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E-mail address, phone number (E.164) or push endpoint */
                        address: string;
                        /** @enum {string} */
                        channel: "email" | "sms" | "push";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            consent: {
                                /** @enum {string} */
                                category: "marketing" | "transactional";
                                changed_at: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                source: string | null;
                                /**
                                 * @description `none`: never stated — for marketing, that means no
                                 * @enum {string}
                                 */
                                status: "granted" | "withdrawn" | "none";
                            }[];
                            consent_history: {
                                actor_type: string | null;
                                /** @enum {string} */
                                category: "marketing" | "transactional";
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                id: string;
                                message_id: string | null;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                                /** @description ISO 8601, UTC */
                                recorded_at: string;
                                source: string;
                                /** @enum {string} */
                                status: "granted" | "withdrawn";
                            }[];
                            /** @description ISO 8601, UTC */
                            exported_at: string;
                            /** @enum {string} */
                            format: "carton.messaging-contact-export.v1";
                            messages: {
                                attempts: number;
                                bounced_at: string | null;
                                campaign_ref: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                click_count: number;
                                clicked_at: string | null;
                                content: {
                                    html?: string;
                                    subject?: string;
                                    text: string;
                                    url?: string;
                                } | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                customer_id: string | null;
                                delivered_at: string | null;
                                due_at: string | null;
                                failed_at: string | null;
                                id: string;
                                last_error: string | null;
                                open_count: number;
                                opened_at: string | null;
                                provider: string | null;
                                provider_message_id: string | null;
                                /** @enum {string} */
                                purpose: "recovery" | "transactional";
                                sent_at: string | null;
                                /** @enum {string} */
                                status: "queued" | "sending" | "deferred" | "sent" | "delivered" | "opened" | "clicked" | "bounced" | "failed" | "suppressed" | "cancelled";
                                suppressed_reason: string | null;
                                template_id: string | null;
                                /** @description The address, masked */
                                to: string;
                            }[];
                            store_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The message log, newest first, with filters */
        get: {
            parameters: {
                query?: {
                    /** @description E-mail address or phone number (needs channel) */
                    address?: string;
                    campaign_ref?: string;
                    channel?: "email" | "sms" | "push";
                    cursor?: string;
                    customer_id?: string;
                    /** @description Created at or after */
                    from?: string;
                    limit?: number;
                    purpose?: "recovery" | "transactional";
                    status?: "queued" | "sending" | "deferred" | "sent" | "delivered" | "opened" | "clicked" | "bounced" | "failed" | "suppressed" | "cancelled";
                    /** @description Created before */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                attempts: number;
                                bounced_at: string | null;
                                campaign_ref: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                click_count: number;
                                clicked_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                customer_id: string | null;
                                delivered_at: string | null;
                                due_at: string | null;
                                failed_at: string | null;
                                id: string;
                                last_error: string | null;
                                open_count: number;
                                opened_at: string | null;
                                provider: string | null;
                                provider_message_id: string | null;
                                /** @enum {string} */
                                purpose: "recovery" | "transactional";
                                sent_at: string | null;
                                /** @enum {string} */
                                status: "queued" | "sending" | "deferred" | "sent" | "delivered" | "opened" | "clicked" | "bounced" | "failed" | "suppressed" | "cancelled";
                                suppressed_reason: string | null;
                                template_id: string | null;
                                /** @description The address, masked */
                                to: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Send a message
         * @description What other modules do with `sendMessage`. Requires `Idempotency-Key`: one message per key. Answers what became of it: sent, deferred (SMS quiet hours, with `until`), suppressed (no consent, unsubscribed, frequency cap), queued (provider unavailable; retried) or failed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        campaign_ref?: string;
                        /** @enum {string} */
                        channel: "email" | "sms" | "push";
                        customer_id?: string;
                        data: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        purpose: "recovery" | "transactional";
                        template_handle?: string;
                        template_id?: string;
                        to: {
                            email?: string;
                            locale?: string;
                            phone?: string;
                            push_subscription?: unknown;
                            time_zone?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            delivery_status?: "queued" | "sending" | "deferred" | "sent" | "delivered" | "opened" | "clicked" | "bounced" | "failed" | "suppressed" | "cancelled";
                            error?: string;
                            message_id: string;
                            provider_message_id?: string | null;
                            /** @description suppressed: no_consent, unsubscribed or frequency_cap */
                            reason?: string;
                            retry_at?: string | null;
                            /** @enum {string} */
                            status: "sent" | "deferred" | "suppressed" | "queued" | "failed" | "cancelled";
                            /** @description deferred: when it will be sent */
                            until?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One message: what was sent and everything that happened to it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    messageId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            bounced_at: string | null;
                            campaign_ref: string | null;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            click_count: number;
                            clicked_at: string | null;
                            content: {
                                html?: string;
                                subject?: string;
                                text: string;
                                url?: string;
                            } | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            customer_id: string | null;
                            delivered_at: string | null;
                            due_at: string | null;
                            events: {
                                detail: {
                                    [key: string]: unknown;
                                };
                                id: string;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                                source: string;
                                type: string;
                            }[];
                            failed_at: string | null;
                            id: string;
                            last_error: string | null;
                            open_count: number;
                            opened_at: string | null;
                            provider: string | null;
                            provider_message_id: string | null;
                            /** @enum {string} */
                            purpose: "recovery" | "transactional";
                            sent_at: string | null;
                            /** @enum {string} */
                            status: "queued" | "sending" | "deferred" | "sent" | "delivered" | "opened" | "clicked" | "bounced" | "failed" | "suppressed" | "cancelled";
                            suppressed_reason: string | null;
                            template_id: string | null;
                            /** @description The address, masked */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/messages/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel messages still waiting: one, or all of a campaign reference */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        campaign_ref?: string;
                        message_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cancelled: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Frequency caps per channel */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            frequency_caps: {
                                email: {
                                    seconds: number;
                                };
                                push: {
                                    seconds: number;
                                };
                                sms: {
                                    seconds: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the frequency caps (defaults: e-mail 16 h, SMS 24 h, push 24 h) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        frequency_caps?: {
                            /** @description Least time between two recovery messages to one contact by email; 0: no cap */
                            email?: {
                                seconds: number;
                            };
                            /** @description Least time between two recovery messages to one contact by push; 0: no cap */
                            push?: {
                                seconds: number;
                            };
                            /** @description Least time between two recovery messages to one contact by sms; 0: no cap */
                            sms?: {
                                seconds: number;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            frequency_caps: {
                                email: {
                                    seconds: number;
                                };
                                push: {
                                    seconds: number;
                                };
                                sms: {
                                    seconds: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/messaging/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store's message templates, newest first
         * @description The default recovery templates (English and Vietnamese) are created on the first look.
         */
        get: {
            parameters: {
                query?: {
                    channel?: "email" | "sms" | "push";
                    cursor?: string;
                    handle?: string;
                    limit?: number;
                    locale?: string;
                    purpose?: "recovery" | "transactional";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                body: string;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                handle: string;
                                id: string;
                                /** @description One of the templates every store starts with */
                                is_default: boolean;
                                locale: string;
                                name: string;
                                /** @enum {string} */
                                purpose: "recovery" | "transactional";
                                subject: string | null;
                                text_body: string | null;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                url: string | null;
                                version: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a template
         * @description Liquid in every part; an e-mail body is MJML. The template is compiled against the variables its purpose declares (GET …/messaging/variables) and rendered with sample data: an unknown variable, a syntax error or invalid MJML is 422 listing every problem, and nothing is saved.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E-mail: MJML with Liquid; SMS text; push body */
                        body: string;
                        /** @enum {string} */
                        channel: "email" | "sms" | "push";
                        /** @description With channel and locale, names the template for senders */
                        handle: string;
                        /** @default en */
                        locale?: string;
                        name: string;
                        /** @enum {string} */
                        purpose: "recovery" | "transactional";
                        /** @description E-mail subject or push title (Liquid) */
                        subject?: string | null;
                        /** @description E-mail plain-text part; generated from the HTML when absent */
                        text_body?: string | null;
                        /** @description Push: where a click on the notification leads */
                        url?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            handle: string;
                            id: string;
                            /** @description One of the templates every store starts with */
                            is_default: boolean;
                            locale: string;
                            name: string;
                            /** @enum {string} */
                            purpose: "recovery" | "transactional";
                            subject: string | null;
                            text_body: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            url: string | null;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/templates/{templateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One template */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            handle: string;
                            id: string;
                            /** @description One of the templates every store starts with */
                            is_default: boolean;
                            locale: string;
                            name: string;
                            /** @enum {string} */
                            purpose: "recovery" | "transactional";
                            subject: string | null;
                            text_body: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            url: string | null;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a template */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a template (checked as on creation; its version goes up) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E-mail: MJML with Liquid; SMS text; push body */
                        body?: string;
                        /** @description With channel and locale, names the template for senders */
                        handle?: string;
                        /** @default en */
                        locale?: string;
                        name?: string;
                        /** @description E-mail subject or push title (Liquid) */
                        subject?: string | null;
                        /** @description E-mail plain-text part; generated from the HTML when absent */
                        text_body?: string | null;
                        /** @description Push: where a click on the notification leads */
                        url?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            body: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            handle: string;
                            id: string;
                            /** @description One of the templates every store starts with */
                            is_default: boolean;
                            locale: string;
                            name: string;
                            /** @enum {string} */
                            purpose: "recovery" | "transactional";
                            subject: string | null;
                            text_body: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            url: string | null;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/messaging/templates/{templateId}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview a saved template with sample data (or the data given) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The message's data; sample data when absent */
                        data?: {
                            [key: string]: unknown;
                        };
                        locale?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description E-mail: the responsive HTML the MJML renders to */
                            html: string | null;
                            subject: string | null;
                            text: string;
                            url: string | null;
                            /** @description The variables the template's purpose declares */
                            variables: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/templates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview a template being edited (not saved) with sample or given data */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The message's data; sample data when absent */
                        data?: {
                            [key: string]: unknown;
                        };
                        locale?: string;
                        template: {
                            /** @description E-mail: MJML with Liquid; SMS text; push body */
                            body: string;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description With channel and locale, names the template for senders */
                            handle: string;
                            /** @default en */
                            locale?: string;
                            name: string;
                            /** @enum {string} */
                            purpose: "recovery" | "transactional";
                            /** @description E-mail subject or push title (Liquid) */
                            subject?: string | null;
                            /** @description E-mail plain-text part; generated from the HTML when absent */
                            text_body?: string | null;
                            /** @description Push: where a click on the notification leads */
                            url?: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description E-mail: the responsive HTML the MJML renders to */
                            html: string | null;
                            subject: string | null;
                            text: string;
                            url: string | null;
                            /** @description The variables the template's purpose declares */
                            variables: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/messaging/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The variables templates may use, per purpose */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recovery: string[];
                            transactional: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's orders, newest first, with filters and search */
        get: {
            parameters: {
                query?: {
                    /** @description Placed at or after */
                    created_from?: string;
                    /** @description Placed before */
                    created_to?: string;
                    cursor?: string;
                    customer_id?: string;
                    /** @description Exact e-mail address (any case) */
                    email?: string;
                    limit?: number;
                    /** @description Comma-separated */
                    payment_status?: string;
                    /** @description Search: an order number (`#1001` or `1001`), or part of an e-mail address or name */
                    q?: string;
                    /** @description Comma-separated statuses */
                    status?: string;
                    /** @description Comma-separated tags: orders that have all of them (any case) */
                    tag?: string;
                    /** @description Total at most (minor units) */
                    total_max?: number;
                    /** @description Total at least (minor units) */
                    total_min?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                billing_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                } | null;
                                cancel_reason: string | null;
                                cancelled_at: string | null;
                                /** @description Minor units of the order currency */
                                captured_amount: number;
                                cart_id: string;
                                confirmed_at: string | null;
                                coupon_codes: string[];
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                currency: string;
                                /** @description Null for a guest order */
                                customer_id: string | null;
                                /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                                customer_note: string | null;
                                delivered_at: string | null;
                                /** @description #1001 */
                                display_number: string;
                                email: string;
                                /** @enum {string} */
                                fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                                id: string;
                                lines: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    fulfilled_quantity: number;
                                    id: string;
                                    image_url: string | null;
                                    product_id: string;
                                    quantity: number;
                                    /** @description Units received back by returns */
                                    returned_quantity: number;
                                    sku: string | null;
                                    /** @description unit_price × quantity */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    title: string;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                    /** @description Minor units of the order currency */
                                    unit_price: number;
                                    variant_id: string;
                                    variant_title: string | null;
                                }[];
                                locale: string | null;
                                /** @description Per store, from 1001 */
                                number: number;
                                payment_intent_id: string;
                                /** @enum {string} */
                                payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                reservation_id: string;
                                shipped_at: string | null;
                                /** @description The shipping method chosen at checkout */
                                shipping: {
                                    /** @description Minor units of the order currency */
                                    amount: number;
                                    method_id: string;
                                    name: string;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                } | null;
                                shipping_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                                /** @description Staff's tags (lower case); not shown to the shopper */
                                tags: string[];
                                tax_inclusive: boolean;
                                totals: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    /** @description Minor units of the order currency */
                                    shipping: number;
                                    /** @description Minor units of the order currency */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                };
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order with its history, payment, refunds, fulfilments and returns */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            cart_id: string;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            fulfilments: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            }[];
                            history: {
                                actor: {
                                    id: string | null;
                                    type: string;
                                };
                                /** @description ISO 8601, UTC */
                                at: string;
                                from_status: ("pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded") | null;
                                id: string;
                                reason: string | null;
                                /** @enum {string} */
                                to_status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            }[];
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            /** @description The payment as payments shows it */
                            payment: {
                                amount: number;
                                /** @description Authorization attempts so far */
                                attempt: number;
                                authorized_at: string | null;
                                canceled_at: string | null;
                                /**
                                 * @description manual: captured only when staff mark the payment paid
                                 * @enum {string}
                                 */
                                capture_mode: "on_placement" | "on_fulfilment" | "manual";
                                captured_amount: number;
                                captured_at: string | null;
                                cart_id: string | null;
                                created_at: string;
                                currency: string;
                                failed_at: string | null;
                                id: string;
                                last_error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    /** @description Send the shopper here to complete the challenge */
                                    url: string;
                                } | null;
                                order_id: string | null;
                                /** @description The provider token used (never a card number), or the manual method */
                                payment_method: string | null;
                                /**
                                 * @description none: an order with nothing to pay; manual: cash on delivery or bank transfer
                                 * @enum {string}
                                 */
                                provider: "test" | "stripe" | "none" | "manual";
                                provider_reference: string | null;
                                /** @description Captured, minus refunded and refunds in flight */
                                refundable_amount: number;
                                refunded_amount: number;
                                /** @enum {string} */
                                status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                                updated_at: string;
                            } | null;
                            payment_intent_id: string;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunds: {
                                amount: number;
                                created_at: string;
                                currency: string;
                                error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                id: string;
                                payment_intent_id: string;
                                provider_reference: string | null;
                                reason: string | null;
                                /**
                                 * @description provider: made at the provider and learnt by webhook
                                 * @enum {string}
                                 */
                                source: "carton" | "provider";
                                /** @enum {string} */
                                status: "pending" | "succeeded" | "failed";
                                updated_at: string;
                            }[];
                            reservation_id: string;
                            returns: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            /** @description Staff's tags (lower case); not shown to the shopper */
                            tags: string[];
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order that has not shipped: restock, void or refund
         * @description The committed units go back on hand and the payment is voided (authorized) or refunded in full (captured; the order ends `refunded`). 503 PAYMENT_PROVIDER_UNAVAILABLE: the order is cancelled but its payment not yet settled — retrying (or the worker) finishes it, never refunding twice.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shown in the order history */
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            cart_id: string;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            payment_intent_id: string;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            reservation_id: string;
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            /** @description Staff's tags (lower case); not shown to the shopper */
                            tags: string[];
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a shipped order delivered */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            cart_id: string;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            payment_intent_id: string;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            reservation_id: string;
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            /** @description Staff's tags (lower case); not shown to the shopper */
                            tags: string[];
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The e-mails sent to the shopper about an order, and whether each went out */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                attempts: number;
                                id: string;
                                /** @enum {string} */
                                kind: "confirmation" | "shipment" | "cancellation" | "return" | "payment_reminder";
                                last_error: string | null;
                                /** @description The fulfilment, or "<return id>:<status>" */
                                ref: string | null;
                                resends: number;
                                /** @description ISO 8601, UTC */
                                sent_at: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/emails/{emailId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an order e-mail to the shopper again
         * @description Rendered as the order stands now, with its own Message-ID. One still waiting to be sent is 409. Audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    emailId: string;
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            id: string;
                            /** @enum {string} */
                            kind: "confirmation" | "shipment" | "cancellation" | "return" | "payment_reminder";
                            last_error: string | null;
                            /** @description The fulfilment, or "<return id>:<status>" */
                            ref: string | null;
                            resends: number;
                            /** @description ISO 8601, UTC */
                            sent_at: string | null;
                            /** @enum {string} */
                            status: "pending" | "sent" | "failed";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/fulfilments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ship units of an order (a fulfilment with carrier and tracking)
         * @description Captures the payment first when the store captures on fulfilment; a payment that cannot be captured ships nothing. The order is `shipped` once every unit is in a fulfilment. Send an `Idempotency-Key`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description e.g. UPS, DHL, VNPost */
                        carrier?: string;
                        /** @description What this parcel holds; default: every unit not yet shipped */
                        lines?: {
                            order_line_id: string;
                            quantity: number;
                        }[];
                        /**
                         * @description Send the shopper a shipping notice
                         * @default true
                         */
                        notify_customer?: boolean;
                        tracking_number?: string;
                        /** Format: uri */
                        tracking_url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            fulfilment: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            };
                            order: {
                                billing_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                } | null;
                                cancel_reason: string | null;
                                cancelled_at: string | null;
                                /** @description Minor units of the order currency */
                                captured_amount: number;
                                cart_id: string;
                                confirmed_at: string | null;
                                coupon_codes: string[];
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                currency: string;
                                /** @description Null for a guest order */
                                customer_id: string | null;
                                /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                                customer_note: string | null;
                                delivered_at: string | null;
                                /** @description #1001 */
                                display_number: string;
                                email: string;
                                /** @enum {string} */
                                fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                                id: string;
                                lines: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    fulfilled_quantity: number;
                                    id: string;
                                    image_url: string | null;
                                    product_id: string;
                                    quantity: number;
                                    /** @description Units received back by returns */
                                    returned_quantity: number;
                                    sku: string | null;
                                    /** @description unit_price × quantity */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    title: string;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                    /** @description Minor units of the order currency */
                                    unit_price: number;
                                    variant_id: string;
                                    variant_title: string | null;
                                }[];
                                locale: string | null;
                                /** @description Per store, from 1001 */
                                number: number;
                                payment_intent_id: string;
                                /** @enum {string} */
                                payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                reservation_id: string;
                                shipped_at: string | null;
                                /** @description The shipping method chosen at checkout */
                                shipping: {
                                    /** @description Minor units of the order currency */
                                    amount: number;
                                    method_id: string;
                                    name: string;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                } | null;
                                shipping_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                                /** @description Staff's tags (lower case); not shown to the shopper */
                                tags: string[];
                                tax_inclusive: boolean;
                                totals: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    /** @description Minor units of the order currency */
                                    shipping: number;
                                    /** @description Minor units of the order currency */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                };
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/invoice.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice of an order (PDF) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Staff's internal notes on an order, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Who wrote it (staff, API key) */
                                author: {
                                    id: string | null;
                                    type: string;
                                };
                                body: string;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an internal note to an order
         * @description Never shown to the shopper. At most 200 per order (409 LIMIT_REACHED). Emits `order.note_added` (its id, not its words); audited. Erased with the shopper's personal data. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What staff want to remember about the order */
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Who wrote it (staff, API key) */
                            author: {
                                id: string | null;
                                type: string;
                            };
                            body: string;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/notes/{noteId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an internal note of an order
         * @description Emits `order.note_deleted`; audited.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    noteId: string;
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/packing-slip.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The packing slip of an order (PDF): where it goes, what is in it, the shopper’s note; no prices */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The packing slip (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/process": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start preparing a confirmed order (confirmed → processing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            cart_id: string;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            payment_intent_id: string;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            reservation_id: string;
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            /** @description Staff's tags (lower case); not shown to the shopper */
                            tags: string[];
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a return for shipped units */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            order_line_id: string;
                            quantity: number;
                        }[];
                        note?: string;
                        /** @description Why the units come back */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/{orderId}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set an order's tags (all of them)
         * @description Lower-cased and de-duplicated; at most 20, each 1–40 characters without commas. Find orders by tag with `GET /admin/v1/orders?tag=`. Never shown to the shopper. Emits `order.tags_changed` and is audited when they changed.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The order's tags, all of them (replaces what it had; at most 20) */
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tags: string[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/orders/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The orders as CSV (the list’s filters), for accounting and spreadsheets
         * @description One row per order, newest first: number, placed_at (UTC), statuses, e-mail, name, shipping country and method, currency, items, amounts as decimals in the order’s currency, coupons, tags. With `rows=lines`, one row per line item: the order’s number, date, statuses and e-mail, then SKU, product, variant, quantity, unit price, subtotal, discount, tax, total, fulfilled and returned units. Streamed; bad filters are 400 before anything is sent. Audited (`order.exported`, with the filters).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Placed at or after */
                    created_from?: string;
                    /** @description Placed before */
                    created_to?: string;
                    customer_id?: string;
                    /** @description Exact e-mail address (any case) */
                    email?: string;
                    /** @description Comma-separated */
                    payment_status?: string;
                    /** @description Search: an order number (`#1001` or `1001`), or part of an e-mail address or name */
                    q?: string;
                    /** @description One row per order (default), or one per line item with its order’s number and statuses */
                    rows?: "orders" | "lines";
                    /** @description Comma-separated statuses */
                    status?: string;
                    /** @description Comma-separated tags: orders that have all of them (any case) */
                    tag?: string;
                    /** @description Total at most (minor units) */
                    total_max?: number;
                    /** @description Total at least (minor units) */
                    total_min?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's payments, newest first */
        get: {
            parameters: {
                query?: {
                    cart_id?: string;
                    cursor?: string;
                    limit?: number;
                    order_id?: string;
                    status?: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                /** @description Authorization attempts so far */
                                attempt: number;
                                authorized_at: string | null;
                                canceled_at: string | null;
                                /**
                                 * @description manual: captured only when staff mark the payment paid
                                 * @enum {string}
                                 */
                                capture_mode: "on_placement" | "on_fulfilment" | "manual";
                                captured_amount: number;
                                captured_at: string | null;
                                cart_id: string | null;
                                created_at: string;
                                currency: string;
                                failed_at: string | null;
                                id: string;
                                last_error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    /** @description Send the shopper here to complete the challenge */
                                    url: string;
                                } | null;
                                order_id: string | null;
                                /** @description The provider token used (never a card number), or the manual method */
                                payment_method: string | null;
                                /**
                                 * @description none: an order with nothing to pay; manual: cash on delivery or bank transfer
                                 * @enum {string}
                                 */
                                provider: "test" | "stripe" | "none" | "manual";
                                provider_reference: string | null;
                                /** @description Captured, minus refunded and refunds in flight */
                                refundable_amount: number;
                                refunded_amount: number;
                                /** @enum {string} */
                                status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents/{intentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One payment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            /** @description Authorization attempts so far */
                            attempt: number;
                            authorized_at: string | null;
                            canceled_at: string | null;
                            /**
                             * @description manual: captured only when staff mark the payment paid
                             * @enum {string}
                             */
                            capture_mode: "on_placement" | "on_fulfilment" | "manual";
                            captured_amount: number;
                            captured_at: string | null;
                            cart_id: string | null;
                            created_at: string;
                            currency: string;
                            failed_at: string | null;
                            id: string;
                            last_error: {
                                /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            next_action: {
                                /** @enum {string} */
                                type: "redirect_to_url";
                                /** @description Send the shopper here to complete the challenge */
                                url: string;
                            } | null;
                            order_id: string | null;
                            /** @description The provider token used (never a card number), or the manual method */
                            payment_method: string | null;
                            /**
                             * @description none: an order with nothing to pay; manual: cash on delivery or bank transfer
                             * @enum {string}
                             */
                            provider: "test" | "stripe" | "none" | "manual";
                            provider_reference: string | null;
                            /** @description Captured, minus refunded and refunds in flight */
                            refundable_amount: number;
                            refunded_amount: number;
                            /** @enum {string} */
                            status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents/{intentId}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Capture an authorized payment, in full or in part
         * @description A payment is captured once; capturing part of it releases the rest of the hold. Capturing again with the same amount returns the payment. 503 PAYMENT_PROVIDER_UNAVAILABLE: the provider did not answer; retrying is safe.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Capture part of the authorized amount; default: all of it */
                        amount?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            /** @description Authorization attempts so far */
                            attempt: number;
                            authorized_at: string | null;
                            canceled_at: string | null;
                            /**
                             * @description manual: captured only when staff mark the payment paid
                             * @enum {string}
                             */
                            capture_mode: "on_placement" | "on_fulfilment" | "manual";
                            captured_amount: number;
                            captured_at: string | null;
                            cart_id: string | null;
                            created_at: string;
                            currency: string;
                            failed_at: string | null;
                            id: string;
                            last_error: {
                                /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            next_action: {
                                /** @enum {string} */
                                type: "redirect_to_url";
                                /** @description Send the shopper here to complete the challenge */
                                url: string;
                            } | null;
                            order_id: string | null;
                            /** @description The provider token used (never a card number), or the manual method */
                            payment_method: string | null;
                            /**
                             * @description none: an order with nothing to pay; manual: cash on delivery or bank transfer
                             * @enum {string}
                             */
                            provider: "test" | "stripe" | "none" | "manual";
                            provider_reference: string | null;
                            /** @description Captured, minus refunded and refunds in flight */
                            refundable_amount: number;
                            refunded_amount: number;
                            /** @enum {string} */
                            status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents/{intentId}/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A payment's log: every provider call and webhook, with its outcome */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number | null;
                                created_at: string;
                                duration_ms: number | null;
                                error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                id: string;
                                idempotency_key: string | null;
                                /** @enum {string} */
                                operation: "authorize" | "confirm_action" | "capture" | "void" | "refund" | "webhook";
                                /** @enum {string} */
                                outcome: "succeeded" | "requires_action" | "processing" | "failed" | "timeout" | "error" | "ignored";
                                provider: string;
                                provider_reference: string | null;
                                refund_id: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents/{intentId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A payment's refunds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                created_at: string;
                                currency: string;
                                error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                id: string;
                                payment_intent_id: string;
                                provider_reference: string | null;
                                reason: string | null;
                                /**
                                 * @description provider: made at the provider and learnt by webhook
                                 * @enum {string}
                                 */
                                source: "carton" | "provider";
                                /** @enum {string} */
                                status: "pending" | "succeeded" | "failed";
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Refund part or all of a captured payment
         * @description Never more than was captured, even when refunds race: too much is 422 REFUND_EXCEEDS_CAPTURED. Send an `Idempotency-Key`: a retry returns (or finishes) the same refund instead of refunding twice.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Default: everything still refundable */
                        amount?: number;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            created_at: string;
                            currency: string;
                            error: {
                                /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            id: string;
                            payment_intent_id: string;
                            provider_reference: string | null;
                            reason: string | null;
                            /**
                             * @description provider: made at the provider and learnt by webhook
                             * @enum {string}
                             */
                            source: "carton" | "provider";
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-intents/{intentId}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void a payment that is not captured (release the hold) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            /** @description Authorization attempts so far */
                            attempt: number;
                            authorized_at: string | null;
                            canceled_at: string | null;
                            /**
                             * @description manual: captured only when staff mark the payment paid
                             * @enum {string}
                             */
                            capture_mode: "on_placement" | "on_fulfilment" | "manual";
                            captured_amount: number;
                            captured_at: string | null;
                            cart_id: string | null;
                            created_at: string;
                            currency: string;
                            failed_at: string | null;
                            id: string;
                            last_error: {
                                /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            next_action: {
                                /** @enum {string} */
                                type: "redirect_to_url";
                                /** @description Send the shopper here to complete the challenge */
                                url: string;
                            } | null;
                            order_id: string | null;
                            /** @description The provider token used (never a card number), or the manual method */
                            payment_method: string | null;
                            /**
                             * @description none: an order with nothing to pay; manual: cash on delivery or bank transfer
                             * @enum {string}
                             */
                            provider: "test" | "stripe" | "none" | "manual";
                            provider_reference: string | null;
                            /** @description Captured, minus refunded and refunds in flight */
                            refundable_amount: number;
                            refunded_amount: number;
                            /** @enum {string} */
                            status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/payment-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's payment provider and capture mode (secrets masked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            capture_mode: "on_placement" | "on_fulfilment";
                            /** @description Methods paid outside Carton: the order is placed unpaid, staff mark it paid */
                            manual_methods: {
                                enabled: boolean;
                                /** @description What the shopper is told after placing the order */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            }[];
                            /** @enum {string} */
                            provider: "test" | "stripe";
                            stripe: {
                                /** @description Masked (sk_test_…4242); the key itself is write-only */
                                secret_key: string | null;
                                /** @description Masked (whsec_…abcd); write-only */
                                webhook_secret: string | null;
                                /** @description Give this to Stripe as the webhook endpoint's URL */
                                webhook_url: string;
                            };
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the store's payment provider, capture mode or Stripe credentials
         * @description Applies to payments created afterwards (a payment keeps the provider and capture mode it was made with). The Stripe secret key and webhook signing secret are write-only: stored encrypted, shown masked. The stripe provider needs both.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Capture when the order is placed, or when it is fulfilled
                         * @enum {string}
                         */
                        capture_mode?: "on_placement" | "on_fulfilment";
                        /** @description Methods paid outside Carton — cash on delivery, bank transfer: the order is placed unpaid and staff mark it paid (capture) when the money arrives. Methods left out keep their setting. */
                        manual_methods?: {
                            bank_transfer?: {
                                /** @description Whether shoppers may choose it at checkout */
                                enabled: boolean;
                                /** @description What the shopper is told after placing the order (bank account, reference); required for bank_transfer */
                                instructions?: string | null;
                            };
                            cash_on_delivery?: {
                                /** @description Whether shoppers may choose it at checkout */
                                enabled: boolean;
                                /** @description What the shopper is told after placing the order (bank account, reference); required for bank_transfer */
                                instructions?: string | null;
                            };
                        };
                        /**
                         * @description Who processes new payments
                         * @enum {string}
                         */
                        provider?: "test" | "stripe";
                        /** @description Write-only; null removes it */
                        stripe_secret_key?: string | null;
                        /** @description Write-only; null removes it */
                        stripe_webhook_secret?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            capture_mode: "on_placement" | "on_fulfilment";
                            /** @description Methods paid outside Carton: the order is placed unpaid, staff mark it paid */
                            manual_methods: {
                                enabled: boolean;
                                /** @description What the shopper is told after placing the order */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            }[];
                            /** @enum {string} */
                            provider: "test" | "stripe";
                            stripe: {
                                /** @description Masked (sk_test_…4242); the key itself is write-only */
                                secret_key: string | null;
                                /** @description Masked (whsec_…abcd); write-only */
                                webhook_secret: string | null;
                                /** @description Give this to Stripe as the webhook endpoint's URL */
                                webhook_url: string;
                            };
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/price-lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Price lists */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                customer_group_ids: string[];
                                description: string;
                                ends_at: string | null;
                                id: string;
                                name: string;
                                priority: number;
                                starts_at: string | null;
                                /** @enum {string} */
                                status: "active" | "draft";
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a price list
         * @description A list applies while active and inside its window (starts_at inclusive, ends_at exclusive), to shoppers in one of its customer groups (or everyone when none). The highest priority applicable list wins over the base price.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Empty: every shopper; otherwise only shoppers in one of these groups
                         * @default []
                         */
                        customer_group_ids?: string[];
                        /** @default  */
                        description?: string;
                        /** @default null */
                        ends_at?: string | null;
                        name: string;
                        /** @default 0 */
                        priority?: number;
                        /** @default null */
                        starts_at?: string | null;
                        /**
                         * @default active
                         * @enum {string}
                         */
                        status?: "active" | "draft";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            customer_group_ids: string[];
                            description: string;
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/price-lists/{priceListId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One price list */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            customer_group_ids: string[];
                            description: string;
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a price list and its entries */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a price list */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Empty: every shopper; otherwise only shoppers in one of these groups */
                        customer_group_ids?: string[];
                        description?: string;
                        ends_at?: string | null;
                        name?: string;
                        priority?: number;
                        starts_at?: string | null;
                        /** @enum {string} */
                        status?: "active" | "draft";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            customer_group_ids: string[];
                            description: string;
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/price-lists/{priceListId}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prices of a price list */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                compare_at_amount: number | null;
                                created_at: string;
                                currency: string;
                                id: string;
                                location_id: string | null;
                                min_quantity: number;
                                price_list_id: string;
                                updated_at: string;
                                variant_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Set prices of a price list (up to 1,000, all or nothing)
         * @description An entry is the price of a variant in a currency from `min_quantity` units on (quantity tiers), optionally only at one stock location. The same (variant, currency, min_quantity, location) replaces.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            amount: number;
                            /** @default null */
                            compare_at_amount?: number | null;
                            currency: string;
                            /**
                             * @description A stock location id; null: any location
                             * @default null
                             */
                            location_id?: string | null;
                            /**
                             * @description Quantity tier: applies from this many units
                             * @default 1
                             */
                            min_quantity?: number;
                            variant_id: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                compare_at_amount: number | null;
                                created_at: string;
                                currency: string;
                                id: string;
                                location_id: string | null;
                                min_quantity: number;
                                price_list_id: string;
                                updated_at: string;
                                variant_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/price-lists/{priceListId}/entries/{entryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a price of a price list */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    entryId: string;
                    priceListId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/price-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Price rules */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                adjustment: {
                                    basis_points: number;
                                    /** @enum {string} */
                                    kind: "percentage_off";
                                } | {
                                    amount: number;
                                    currency: string;
                                    /** @enum {string} */
                                    kind: "amount_off";
                                };
                                created_at: string;
                                customer_group_ids: string[];
                                ends_at: string | null;
                                id: string;
                                name: string;
                                priority: number;
                                starts_at: string | null;
                                /** @enum {string} */
                                status: "active" | "draft";
                                target: {
                                    /** @enum {string} */
                                    kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                                    values: string[];
                                };
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a price rule
         * @description A rule takes a percentage (basis points) or an amount (minor units of one currency) off the price of the variants its target selects: all, products, variants, categories (with their subcategories), tags or brands — within an optional window and for optional customer groups. Of the applicable rules, the one giving the lowest price wins; rules do not stack.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        adjustment: {
                            /** @description 1500 = 15 % off */
                            basis_points: number;
                            /** @enum {string} */
                            kind: "percentage_off";
                        } | {
                            amount: number;
                            currency: string;
                            /** @enum {string} */
                            kind: "amount_off";
                        };
                        /** @default [] */
                        customer_group_ids?: string[];
                        /** @default null */
                        ends_at?: string | null;
                        name: string;
                        /** @default 0 */
                        priority?: number;
                        /** @default null */
                        starts_at?: string | null;
                        /**
                         * @default active
                         * @enum {string}
                         */
                        status?: "active" | "draft";
                        target: {
                            /** @enum {string} */
                            kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                            /** @default [] */
                            values?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            adjustment: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage_off";
                            } | {
                                amount: number;
                                currency: string;
                                /** @enum {string} */
                                kind: "amount_off";
                            };
                            created_at: string;
                            customer_group_ids: string[];
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            target: {
                                /** @enum {string} */
                                kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                                values: string[];
                            };
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/price-rules/{priceRuleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One price rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceRuleId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            adjustment: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage_off";
                            } | {
                                amount: number;
                                currency: string;
                                /** @enum {string} */
                                kind: "amount_off";
                            };
                            created_at: string;
                            customer_group_ids: string[];
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            target: {
                                /** @enum {string} */
                                kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                                values: string[];
                            };
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a price rule */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceRuleId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a price rule */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceRuleId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        adjustment?: {
                            /** @description 1500 = 15 % off */
                            basis_points: number;
                            /** @enum {string} */
                            kind: "percentage_off";
                        } | {
                            amount: number;
                            currency: string;
                            /** @enum {string} */
                            kind: "amount_off";
                        };
                        customer_group_ids?: string[];
                        ends_at?: string | null;
                        name?: string;
                        priority?: number;
                        starts_at?: string | null;
                        /** @enum {string} */
                        status?: "active" | "draft";
                        target?: {
                            /** @enum {string} */
                            kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                            /** @default [] */
                            values?: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            adjustment: {
                                basis_points: number;
                                /** @enum {string} */
                                kind: "percentage_off";
                            } | {
                                amount: number;
                                currency: string;
                                /** @enum {string} */
                                kind: "amount_off";
                            };
                            created_at: string;
                            customer_group_ids: string[];
                            ends_at: string | null;
                            id: string;
                            name: string;
                            priority: number;
                            starts_at: string | null;
                            /** @enum {string} */
                            status: "active" | "draft";
                            target: {
                                /** @enum {string} */
                                kind: "all" | "products" | "variants" | "categories" | "tags" | "brands";
                                values: string[];
                            };
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Variant prices, optionally of one variant or currency */
        get: {
            parameters: {
                query?: {
                    currency?: string;
                    cursor?: string;
                    limit?: number;
                    variant_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                compare_at_amount: number | null;
                                created_at: string;
                                currency: string;
                                id: string;
                                updated_at: string;
                                variant_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Set a variant's price in one currency
         * @description Inserts or replaces the price of (variant_id, currency). Amounts are integer minor units (1999 = 19.99 USD; 50000 = 50,000 VND).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amount: number;
                        /** @default null */
                        compare_at_amount?: number | null;
                        currency: string;
                        variant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            compare_at_amount: number | null;
                            created_at: string;
                            currency: string;
                            id: string;
                            updated_at: string;
                            variant_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/prices/{priceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a variant price */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    priceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/prices/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set up to 1,000 variant prices at once, all or nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        prices: {
                            amount: number;
                            /** @default null */
                            compare_at_amount?: number | null;
                            currency: string;
                            variant_id: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                compare_at_amount: number | null;
                                created_at: string;
                                currency: string;
                                id: string;
                                updated_at: string;
                                variant_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/prices/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The price a shopper would pay, and which price, list, rule or rate produced it */
        get: {
            parameters: {
                query: {
                    /** @description Price at this moment (default: now) */
                    at?: string;
                    currency: string;
                    /** @description Comma-separated customer group ids */
                    customer_group_ids?: string;
                    location_id?: string;
                    quantity?: number;
                    variant_id: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            compare_at_amount: number | null;
                            currency: string;
                            source: {
                                id: string;
                                /** @enum {string} */
                                kind: "base" | "price_list" | "rule" | "exchange_rate";
                                name: string;
                            };
                            /** @description How the price came about, in order; the last step is the source */
                            steps: {
                                amount: number;
                                currency: string;
                                detail: string;
                                id: string;
                                /** @enum {string} */
                                kind: "base" | "price_list" | "rule" | "exchange_rate";
                                name: string;
                            }[];
                            variant_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Products, newest first
         * @description `category_id` includes products of its subcategories; `query` matches title or SKU prefix.
         */
        get: {
            parameters: {
                query?: {
                    category_id?: string;
                    collection_id?: string;
                    cursor?: string;
                    limit?: number;
                    query?: string;
                    status?: "draft" | "active" | "archived";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                brand: string | null;
                                created_at: string;
                                description: string;
                                handle: string;
                                id: string;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                product_type: string | null;
                                published_at: string | null;
                                seo_description: string | null;
                                seo_title: string | null;
                                /** @enum {string} */
                                status: "draft" | "active" | "archived";
                                tags: string[];
                                title: string;
                                updated_at: string;
                                vendor: string | null;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product with its options and variants
         * @description The handle is generated from the title when absent. Each variant gives a value for every option, from that option's values, and no two variants share a combination (422). A taken handle or SKU is a 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        brand?: string | null;
                        category_ids?: string[];
                        /** @description Markdown */
                        description?: string;
                        handle?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        options?: {
                            name: string;
                            values: string[];
                        }[];
                        product_type?: string | null;
                        seo_description?: string | null;
                        seo_title?: string | null;
                        /** @enum {string} */
                        status?: "draft" | "active" | "archived";
                        tags?: string[];
                        title: string;
                        variants?: {
                            /** @enum {string} */
                            backorder_policy?: "deny" | "allow";
                            barcode?: string | null;
                            height_mm?: number | null;
                            length_mm?: number | null;
                            metadata?: {
                                [key: string]: unknown;
                            };
                            option_values?: {
                                [key: string]: string;
                            };
                            sku: string;
                            title?: string;
                            weight_grams?: number | null;
                            width_mm?: number | null;
                        }[];
                        vendor?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brand: string | null;
                            category_ids: string[];
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            images: {
                                alt: string;
                                byte_size: number;
                                content_type: string;
                                created_at: string;
                                height: number | null;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                product_id: string;
                                url: string;
                                variant_id: string | null;
                                width: number | null;
                            }[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            options: {
                                id: string;
                                name: string;
                                position: number;
                                values: string[];
                            }[];
                            product_type: string | null;
                            published_at: string | null;
                            seo_description: string | null;
                            seo_title: string | null;
                            /** @enum {string} */
                            status: "draft" | "active" | "archived";
                            tags: string[];
                            title: string;
                            updated_at: string;
                            variants: {
                                /** @enum {string} */
                                backorder_policy: "deny" | "allow";
                                barcode: string | null;
                                created_at: string;
                                height_mm: number | null;
                                id: string;
                                length_mm: number | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                option_values: {
                                    [key: string]: string;
                                };
                                position: number;
                                product_id: string;
                                sku: string;
                                title: string;
                                updated_at: string;
                                weight_grams: number | null;
                                width_mm: number | null;
                            }[];
                            vendor: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brand: string | null;
                            category_ids: string[];
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            images: {
                                alt: string;
                                byte_size: number;
                                content_type: string;
                                created_at: string;
                                height: number | null;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                product_id: string;
                                url: string;
                                variant_id: string | null;
                                width: number | null;
                            }[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            options: {
                                id: string;
                                name: string;
                                position: number;
                                values: string[];
                            }[];
                            product_type: string | null;
                            published_at: string | null;
                            seo_description: string | null;
                            seo_title: string | null;
                            /** @enum {string} */
                            status: "draft" | "active" | "archived";
                            tags: string[];
                            title: string;
                            updated_at: string;
                            variants: {
                                /** @enum {string} */
                                backorder_policy: "deny" | "allow";
                                barcode: string | null;
                                created_at: string;
                                height_mm: number | null;
                                id: string;
                                length_mm: number | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                option_values: {
                                    [key: string]: string;
                                };
                                position: number;
                                product_id: string;
                                sku: string;
                                title: string;
                                updated_at: string;
                                weight_grams: number | null;
                                width_mm: number | null;
                            }[];
                            vendor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a product */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a product
         * @description Status moves draft → active | archived, active → draft | archived, archived → draft (else 409). `options` replaces the options and must fit the existing variants; `category_ids` replaces the assignments.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        brand?: string | null;
                        category_ids?: string[];
                        /** @description Markdown */
                        description?: string;
                        handle?: string;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        options?: {
                            name: string;
                            values: string[];
                        }[];
                        product_type?: string | null;
                        seo_description?: string | null;
                        seo_title?: string | null;
                        /** @enum {string} */
                        status?: "draft" | "active" | "archived";
                        tags?: string[];
                        title?: string;
                        vendor?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brand: string | null;
                            category_ids: string[];
                            created_at: string;
                            description: string;
                            handle: string;
                            id: string;
                            images: {
                                alt: string;
                                byte_size: number;
                                content_type: string;
                                created_at: string;
                                height: number | null;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                product_id: string;
                                url: string;
                                variant_id: string | null;
                                width: number | null;
                            }[];
                            metadata: {
                                [key: string]: unknown;
                            };
                            options: {
                                id: string;
                                name: string;
                                position: number;
                                values: string[];
                            }[];
                            product_type: string | null;
                            published_at: string | null;
                            seo_description: string | null;
                            seo_title: string | null;
                            /** @enum {string} */
                            status: "draft" | "active" | "archived";
                            tags: string[];
                            title: string;
                            updated_at: string;
                            variants: {
                                /** @enum {string} */
                                backorder_policy: "deny" | "allow";
                                barcode: string | null;
                                created_at: string;
                                height_mm: number | null;
                                id: string;
                                length_mm: number | null;
                                metadata: {
                                    [key: string]: unknown;
                                };
                                option_values: {
                                    [key: string]: string;
                                };
                                position: number;
                                product_id: string;
                                sku: string;
                                title: string;
                                updated_at: string;
                                weight_grams: number | null;
                                width_mm: number | null;
                            }[];
                            vendor: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/products/{productId}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a product image
         * @description The body is the image file itself (`Content-Type: image/jpeg|png|webp|gif|avif` or `application/octet-stream`). Only JPEG, PNG, WebP, GIF and AVIF bytes are accepted (checked by magic number; anything else is 415). The first image of a product is primary.
         */
        post: {
            parameters: {
                query?: {
                    alt?: string;
                    is_primary?: "true" | "false";
                    variant_id?: string;
                };
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alt: string;
                            byte_size: number;
                            content_type: string;
                            created_at: string;
                            height: number | null;
                            id: string;
                            is_primary: boolean;
                            position: number;
                            product_id: string;
                            url: string;
                            variant_id: string | null;
                            width: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/{productId}/images/{imageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an image */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    imageId: string;
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an image's alt text, position, primary flag or variant */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    imageId: string;
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alt?: string;
                        /**
                         * @description Make this the primary image (the others lose it)
                         * @enum {boolean}
                         */
                        is_primary?: true;
                        position?: number;
                        variant_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alt: string;
                            byte_size: number;
                            content_type: string;
                            created_at: string;
                            height: number | null;
                            id: string;
                            is_primary: boolean;
                            position: number;
                            product_id: string;
                            url: string;
                            variant_id: string | null;
                            width: number | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/products/{productId}/images/order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Reorder a product's images */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        image_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                alt: string;
                                byte_size: number;
                                content_type: string;
                                created_at: string;
                                height: number | null;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                product_id: string;
                                url: string;
                                variant_id: string | null;
                                width: number | null;
                            }[];
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/{productId}/translations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's translations */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                description: string | null;
                                locale: string;
                                seo_description: string | null;
                                seo_title: string | null;
                                title: string | null;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/{productId}/translations/{locale}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a product's text in one locale
         * @description Fields left out or null fall back to the product's own text (the store's default locale).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    locale: string;
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string | null;
                        seo_description?: string | null;
                        seo_title?: string | null;
                        title?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            description: string | null;
                            locale: string;
                            seo_description: string | null;
                            seo_title: string | null;
                            title: string | null;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a translation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    locale: string;
                    productId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/{productId}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a variant to a product */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    productId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        backorder_policy?: "deny" | "allow";
                        barcode?: string | null;
                        height_mm?: number | null;
                        length_mm?: number | null;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        option_values?: {
                            [key: string]: string;
                        };
                        sku: string;
                        title?: string;
                        weight_grams?: number | null;
                        width_mm?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            backorder_policy: "deny" | "allow";
                            barcode: string | null;
                            created_at: string;
                            height_mm: number | null;
                            id: string;
                            length_mm: number | null;
                            metadata: {
                                [key: string]: unknown;
                            };
                            option_values: {
                                [key: string]: string;
                            };
                            position: number;
                            product_id: string;
                            sku: string;
                            title: string;
                            updated_at: string;
                            weight_grams: number | null;
                            width_mm: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export products as a Shopify product CSV (streamed)
         * @description All products, or those matching the filters. The file imports back unchanged.
         */
        get: {
            parameters: {
                query?: {
                    category_id?: string;
                    /** @description Comma-separated handles */
                    handle?: string;
                    status?: "draft" | "active" | "archived";
                    vendor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import products from a Shopify product CSV
         * @description Send the file as the body (`Content-Type: text/csv`) or as the `file` field of a multipart form. The file is checked (a CSV with a Handle column) and a background job writes it in batches: follow `GET /admin/v1/products/import/{jobId}` or the `catalog_import.progressed` / `catalog_import.completed` events. A product with an error in any of its rows is left out whole; the row errors are at `…/{jobId}/errors`. See docs/catalog-import.md.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description The CSV file */
            requestBody: {
                content: {
                    "multipart/form-data": string;
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            error_count: number;
                            failure: string | null;
                            file_name: string | null;
                            finished_at: string | null;
                            id: string;
                            /** @description processed_rows / total_rows, 0–100, one decimal. */
                            percentage: number;
                            processed_rows: number;
                            products_created: number;
                            /** @description Products left out whole because a row of theirs has an error. */
                            products_failed: number;
                            products_updated: number;
                            started_at: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed";
                            /** @description Data rows in the file (header excluded). */
                            total_rows: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/import/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An import job's status and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            error_count: number;
                            failure: string | null;
                            file_name: string | null;
                            finished_at: string | null;
                            id: string;
                            /** @description processed_rows / total_rows, 0–100, one decimal. */
                            percentage: number;
                            processed_rows: number;
                            products_created: number;
                            /** @description Products left out whole because a row of theirs has an error. */
                            products_failed: number;
                            products_updated: number;
                            started_at: string | null;
                            /** @enum {string} */
                            status: "queued" | "running" | "completed" | "failed";
                            /** @description Data rows in the file (header excluded). */
                            total_rows: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/import/{jobId}/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An import job's row errors (JSON, or CSV with ?format=csv) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                column: string | null;
                                handle: string | null;
                                message: string;
                                /** @description Row of the file as a spreadsheet numbers it (the header is row 1). */
                                row: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/products/import/{jobId}/values": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prices and stock an import read, per variant, and whether each was applied
         * @description Prices go to the pricing module in the same transaction as their product. Stock (`Variant Inventory Qty`) is kept here with `stock_applied: false` until the inventory module takes on-hand counts in bulk; see docs/catalog-import.md.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                compare_at_price: number | null;
                                currency: string;
                                inventory_qty: number | null;
                                /** @description Minor units. */
                                price: number | null;
                                price_applied: boolean;
                                row_number: number;
                                sku: string;
                                stock_applied: boolean;
                                variant_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recovery figures for a date range
         * @description Totals, one entry per day and one per campaign: carts abandoned, messages sent/delivered/opened/clicked, carts recovered, revenue recovered (and attributed to a message), recovery rate, average time to recovery. Days in the store’s time zone.
         */
        get: {
            parameters: {
                query: {
                    /** @description Only this campaign’s figures */
                    campaign_id?: string;
                    /** @description First day (YYYY-MM-DD, in the store’s time zone) */
                    from: string;
                    /** @description Last day, inclusive */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            campaigns: {
                                average_time_to_recovery_seconds: number | null;
                                campaign_id: string | null;
                                carts_abandoned: number;
                                carts_messaged: number;
                                carts_recovered: number;
                                messages_clicked: number;
                                messages_delivered: number;
                                messages_opened: number;
                                messages_sent: number;
                                /** @description Carts recovered ÷ carts abandoned (per campaign: ÷ carts messaged) */
                                recovery_rate: number | null;
                                /** @description The part attributed to a recovery message (last click, else last send, within the window) */
                                revenue_attributed: {
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Every recovered cart’s order total, per currency */
                                revenue_recovered: {
                                    amount: number;
                                    currency: string;
                                }[];
                            }[];
                            days: {
                                average_time_to_recovery_seconds: number | null;
                                carts_abandoned: number;
                                carts_messaged: number;
                                carts_recovered: number;
                                day: string;
                                messages_clicked: number;
                                messages_delivered: number;
                                messages_opened: number;
                                messages_sent: number;
                                /** @description Carts recovered ÷ carts abandoned (per campaign: ÷ carts messaged) */
                                recovery_rate: number | null;
                                /** @description The part attributed to a recovery message (last click, else last send, within the window) */
                                revenue_attributed: {
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Every recovered cart’s order total, per currency */
                                revenue_recovered: {
                                    amount: number;
                                    currency: string;
                                }[];
                            }[];
                            from: string;
                            timezone: string;
                            to: string;
                            totals: {
                                average_time_to_recovery_seconds: number | null;
                                carts_abandoned: number;
                                carts_messaged: number;
                                carts_recovered: number;
                                messages_clicked: number;
                                messages_delivered: number;
                                messages_opened: number;
                                messages_sent: number;
                                /** @description Carts recovered ÷ carts abandoned (per campaign: ÷ carts messaged) */
                                recovery_rate: number | null;
                                /** @description The part attributed to a recovery message (last click, else last send, within the window) */
                                revenue_attributed: {
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Every recovered cart’s order total, per currency */
                                revenue_recovered: {
                                    amount: number;
                                    currency: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/analytics.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recovery figures as CSV
         * @description One row per day and campaign; amounts as `USD 1234` (minor units). Audited.
         */
        get: {
            parameters: {
                query: {
                    /** @description Only this campaign’s figures */
                    campaign_id?: string;
                    /** @description First day (YYYY-MM-DD, in the store’s time zone) */
                    from: string;
                    /** @description Last day, inclusive */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recovery campaigns
         * @description Newest first, cursor pagination. The store’s default campaign (e-mail at 1 h, e-mail with a unique 10 % code at 24 h, SMS at 48 h) is made on the first look.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "draft" | "active" | "paused";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                activated_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                exit: {
                                    /**
                                     * @description Stop once the shopper clicks a link of an earlier step
                                     * @default false
                                     */
                                    on_click: boolean;
                                };
                                id: string;
                                is_default: boolean;
                                name: string;
                                priority: number;
                                /** @enum {string} */
                                status: "draft" | "active" | "paused";
                                steps: {
                                    /** @enum {string} */
                                    channel: "email" | "sms" | "push";
                                    /** @description After the cart was abandoned */
                                    delay_minutes: number;
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                    variants?: {
                                        /** @description Overrides the step’s discount (null: none) */
                                        discount?: {
                                            /**
                                             * @description From the step’s due time
                                             * @default 72
                                             */
                                            expires_in_hours: number;
                                            /** @enum {string} */
                                            kind: "percentage" | "fixed" | "free_shipping";
                                            /**
                                             * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                             * @default 0
                                             */
                                            value: number;
                                        } | null;
                                        /** @description Names the variant in runs and figures, e.g. `A` */
                                        key: string;
                                        /** @description A template by handle, in the shopper’s (or the store’s) language */
                                        template_handle?: string;
                                        /** @description A template of the step’s channel, purpose recovery */
                                        template_id?: string;
                                        /** @description Relative share of carts */
                                        weight: number;
                                    }[];
                                }[];
                                trigger: {
                                    /**
                                     * @description The cart holds a product of one of these categories (or their subcategories)
                                     * @default []
                                     */
                                    category_ids: string[];
                                    /**
                                     * @description returning: the contact has bought from the store before
                                     * @default any
                                     * @enum {string}
                                     */
                                    customer: "any" | "new" | "returning";
                                    /**
                                     * @description Cart value at most (minor units, store currency)
                                     * @default null
                                     */
                                    max_value: number | null;
                                    /**
                                     * @description Cart value at least (minor units, store currency)
                                     * @default null
                                     */
                                    min_value: number | null;
                                    /**
                                     * @description The cart holds one of these products
                                     * @default []
                                     */
                                    product_ids: string[];
                                    /**
                                     * @description Empty: every source
                                     * @default []
                                     */
                                    sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                                };
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                version: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a campaign (a draft)
         * @description Trigger conditions, ordered steps (delay after abandonment, channel, template, optional unique discount code, optional A/B variants) and exit conditions. 422 UNPROCESSABLE for a template that is not a recovery template of the step’s channel. Audited; emits `campaign.created`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The run always stops when the cart is bought
                         * @default {
                         *       "on_click": false
                         *     }
                         */
                        exit?: {
                            /**
                             * @description Stop once the shopper clicks a link of an earlier step
                             * @default false
                             */
                            on_click?: boolean;
                        };
                        name: string;
                        /**
                         * @description Higher wins when several active campaigns match
                         * @default 0
                         */
                        priority?: number;
                        steps: {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description After the cart was abandoned */
                            delay_minutes: number;
                            discount?: {
                                /**
                                 * @description From the step’s due time
                                 * @default 72
                                 */
                                expires_in_hours?: number;
                                /** @enum {string} */
                                kind: "percentage" | "fixed" | "free_shipping";
                                /**
                                 * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                 * @default 0
                                 */
                                value?: number;
                            } | null;
                            /** @description A template by handle, in the shopper’s (or the store’s) language */
                            template_handle?: string;
                            /** @description A template of the step’s channel, purpose recovery */
                            template_id?: string;
                            /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                            variants?: {
                                /** @description Overrides the step’s discount (null: none) */
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours?: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value?: number;
                                } | null;
                                /** @description Names the variant in runs and figures, e.g. `A` */
                                key: string;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description Relative share of carts */
                                weight: number;
                            }[];
                        }[];
                        /**
                         * @default {
                         *       "min_value": null,
                         *       "max_value": null,
                         *       "customer": "any",
                         *       "product_ids": [],
                         *       "category_ids": [],
                         *       "sources": []
                         *     }
                         */
                        trigger?: {
                            /**
                             * @description The cart holds a product of one of these categories (or their subcategories)
                             * @default []
                             */
                            category_ids?: string[];
                            /**
                             * @description returning: the contact has bought from the store before
                             * @default any
                             * @enum {string}
                             */
                            customer?: "any" | "new" | "returning";
                            /**
                             * @description Cart value at most (minor units, store currency)
                             * @default null
                             */
                            max_value?: number | null;
                            /**
                             * @description Cart value at least (minor units, store currency)
                             * @default null
                             */
                            min_value?: number | null;
                            /**
                             * @description The cart holds one of these products
                             * @default []
                             */
                            product_ids?: string[];
                            /**
                             * @description Empty: every source
                             * @default []
                             */
                            sources?: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activated_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            exit: {
                                /**
                                 * @description Stop once the shopper clicks a link of an earlier step
                                 * @default false
                                 */
                                on_click: boolean;
                            };
                            id: string;
                            is_default: boolean;
                            name: string;
                            priority: number;
                            /** @enum {string} */
                            status: "draft" | "active" | "paused";
                            steps: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description After the cart was abandoned */
                                delay_minutes: number;
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value: number;
                                } | null;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                variants?: {
                                    /** @description Overrides the step’s discount (null: none) */
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description Names the variant in runs and figures, e.g. `A` */
                                    key: string;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description Relative share of carts */
                                    weight: number;
                                }[];
                            }[];
                            trigger: {
                                /**
                                 * @description The cart holds a product of one of these categories (or their subcategories)
                                 * @default []
                                 */
                                category_ids: string[];
                                /**
                                 * @description returning: the contact has bought from the store before
                                 * @default any
                                 * @enum {string}
                                 */
                                customer: "any" | "new" | "returning";
                                /**
                                 * @description Cart value at most (minor units, store currency)
                                 * @default null
                                 */
                                max_value: number | null;
                                /**
                                 * @description Cart value at least (minor units, store currency)
                                 * @default null
                                 */
                                min_value: number | null;
                                /**
                                 * @description The cart holds one of these products
                                 * @default []
                                 */
                                product_ids: string[];
                                /**
                                 * @description Empty: every source
                                 * @default []
                                 */
                                sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/campaigns/{campaignId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activated_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            exit: {
                                /**
                                 * @description Stop once the shopper clicks a link of an earlier step
                                 * @default false
                                 */
                                on_click: boolean;
                            };
                            id: string;
                            is_default: boolean;
                            name: string;
                            priority: number;
                            /** @enum {string} */
                            status: "draft" | "active" | "paused";
                            steps: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description After the cart was abandoned */
                                delay_minutes: number;
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value: number;
                                } | null;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                variants?: {
                                    /** @description Overrides the step’s discount (null: none) */
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description Names the variant in runs and figures, e.g. `A` */
                                    key: string;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description Relative share of carts */
                                    weight: number;
                                }[];
                            }[];
                            trigger: {
                                /**
                                 * @description The cart holds a product of one of these categories (or their subcategories)
                                 * @default []
                                 */
                                category_ids: string[];
                                /**
                                 * @description returning: the contact has bought from the store before
                                 * @default any
                                 * @enum {string}
                                 */
                                customer: "any" | "new" | "returning";
                                /**
                                 * @description Cart value at most (minor units, store currency)
                                 * @default null
                                 */
                                max_value: number | null;
                                /**
                                 * @description Cart value at least (minor units, store currency)
                                 * @default null
                                 */
                                min_value: number | null;
                                /**
                                 * @description The cart holds one of these products
                                 * @default []
                                 */
                                product_ids: string[];
                                /**
                                 * @description Empty: every source
                                 * @default []
                                 */
                                sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a draft campaign
         * @description 409 INVALID_STATE_TRANSITION for a campaign that is active or paused. Audited; emits `campaign.deleted`.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a campaign
         * @description Fields left out stay. Carts already in the campaign keep the steps they started with. Audited; emits `campaign.updated`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The run always stops when the cart is bought */
                        exit?: {
                            /**
                             * @description Stop once the shopper clicks a link of an earlier step
                             * @default false
                             */
                            on_click?: boolean;
                        };
                        name?: string;
                        /** @description Higher wins when several active campaigns match */
                        priority?: number;
                        steps?: {
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            /** @description After the cart was abandoned */
                            delay_minutes: number;
                            discount?: {
                                /**
                                 * @description From the step’s due time
                                 * @default 72
                                 */
                                expires_in_hours?: number;
                                /** @enum {string} */
                                kind: "percentage" | "fixed" | "free_shipping";
                                /**
                                 * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                 * @default 0
                                 */
                                value?: number;
                            } | null;
                            /** @description A template by handle, in the shopper’s (or the store’s) language */
                            template_handle?: string;
                            /** @description A template of the step’s channel, purpose recovery */
                            template_id?: string;
                            /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                            variants?: {
                                /** @description Overrides the step’s discount (null: none) */
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours?: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value?: number;
                                } | null;
                                /** @description Names the variant in runs and figures, e.g. `A` */
                                key: string;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description Relative share of carts */
                                weight: number;
                            }[];
                        }[];
                        trigger?: {
                            /**
                             * @description The cart holds a product of one of these categories (or their subcategories)
                             * @default []
                             */
                            category_ids?: string[];
                            /**
                             * @description returning: the contact has bought from the store before
                             * @default any
                             * @enum {string}
                             */
                            customer?: "any" | "new" | "returning";
                            /**
                             * @description Cart value at most (minor units, store currency)
                             * @default null
                             */
                            max_value?: number | null;
                            /**
                             * @description Cart value at least (minor units, store currency)
                             * @default null
                             */
                            min_value?: number | null;
                            /**
                             * @description The cart holds one of these products
                             * @default []
                             */
                            product_ids?: string[];
                            /**
                             * @description Empty: every source
                             * @default []
                             */
                            sources?: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activated_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            exit: {
                                /**
                                 * @description Stop once the shopper clicks a link of an earlier step
                                 * @default false
                                 */
                                on_click: boolean;
                            };
                            id: string;
                            is_default: boolean;
                            name: string;
                            priority: number;
                            /** @enum {string} */
                            status: "draft" | "active" | "paused";
                            steps: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description After the cart was abandoned */
                                delay_minutes: number;
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value: number;
                                } | null;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                variants?: {
                                    /** @description Overrides the step’s discount (null: none) */
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description Names the variant in runs and figures, e.g. `A` */
                                    key: string;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description Relative share of carts */
                                    weight: number;
                                }[];
                            }[];
                            trigger: {
                                /**
                                 * @description The cart holds a product of one of these categories (or their subcategories)
                                 * @default []
                                 */
                                category_ids: string[];
                                /**
                                 * @description returning: the contact has bought from the store before
                                 * @default any
                                 * @enum {string}
                                 */
                                customer: "any" | "new" | "returning";
                                /**
                                 * @description Cart value at most (minor units, store currency)
                                 * @default null
                                 */
                                max_value: number | null;
                                /**
                                 * @description Cart value at least (minor units, store currency)
                                 * @default null
                                 */
                                min_value: number | null;
                                /**
                                 * @description The cart holds one of these products
                                 * @default []
                                 */
                                product_ids: string[];
                                /**
                                 * @description Empty: every source
                                 * @default []
                                 */
                                sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/recovery/campaigns/{campaignId}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate a campaign
         * @description A draft or a paused campaign starts taking abandoned carts. 409 INVALID_STATE_TRANSITION if it is active. Audited; emits `campaign.activated`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activated_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            exit: {
                                /**
                                 * @description Stop once the shopper clicks a link of an earlier step
                                 * @default false
                                 */
                                on_click: boolean;
                            };
                            id: string;
                            is_default: boolean;
                            name: string;
                            priority: number;
                            /** @enum {string} */
                            status: "draft" | "active" | "paused";
                            steps: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description After the cart was abandoned */
                                delay_minutes: number;
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value: number;
                                } | null;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                variants?: {
                                    /** @description Overrides the step’s discount (null: none) */
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description Names the variant in runs and figures, e.g. `A` */
                                    key: string;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description Relative share of carts */
                                    weight: number;
                                }[];
                            }[];
                            trigger: {
                                /**
                                 * @description The cart holds a product of one of these categories (or their subcategories)
                                 * @default []
                                 */
                                category_ids: string[];
                                /**
                                 * @description returning: the contact has bought from the store before
                                 * @default any
                                 * @enum {string}
                                 */
                                customer: "any" | "new" | "returning";
                                /**
                                 * @description Cart value at most (minor units, store currency)
                                 * @default null
                                 */
                                max_value: number | null;
                                /**
                                 * @description Cart value at least (minor units, store currency)
                                 * @default null
                                 */
                                min_value: number | null;
                                /**
                                 * @description The cart holds one of these products
                                 * @default []
                                 */
                                product_ids: string[];
                                /**
                                 * @description Empty: every source
                                 * @default []
                                 */
                                sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/campaigns/{campaignId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a campaign
         * @description No cart enters it any more, and its running runs end before their next step. 409 INVALID_STATE_TRANSITION unless it is active. Audited; emits `campaign.paused`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activated_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            exit: {
                                /**
                                 * @description Stop once the shopper clicks a link of an earlier step
                                 * @default false
                                 */
                                on_click: boolean;
                            };
                            id: string;
                            is_default: boolean;
                            name: string;
                            priority: number;
                            /** @enum {string} */
                            status: "draft" | "active" | "paused";
                            steps: {
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                /** @description After the cart was abandoned */
                                delay_minutes: number;
                                discount?: {
                                    /**
                                     * @description From the step’s due time
                                     * @default 72
                                     */
                                    expires_in_hours: number;
                                    /** @enum {string} */
                                    kind: "percentage" | "fixed" | "free_shipping";
                                    /**
                                     * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                     * @default 0
                                     */
                                    value: number;
                                } | null;
                                /** @description A template by handle, in the shopper’s (or the store’s) language */
                                template_handle?: string;
                                /** @description A template of the step’s channel, purpose recovery */
                                template_id?: string;
                                /** @description A/B test: each cart gets one variant (deterministic per cart), by weight */
                                variants?: {
                                    /** @description Overrides the step’s discount (null: none) */
                                    discount?: {
                                        /**
                                         * @description From the step’s due time
                                         * @default 72
                                         */
                                        expires_in_hours: number;
                                        /** @enum {string} */
                                        kind: "percentage" | "fixed" | "free_shipping";
                                        /**
                                         * @description percentage: percent off (1–100); fixed: minor units off in the cart’s currency; free_shipping: 0
                                         * @default 0
                                         */
                                        value: number;
                                    } | null;
                                    /** @description Names the variant in runs and figures, e.g. `A` */
                                    key: string;
                                    /** @description A template by handle, in the shopper’s (or the store’s) language */
                                    template_handle?: string;
                                    /** @description A template of the step’s channel, purpose recovery */
                                    template_id?: string;
                                    /** @description Relative share of carts */
                                    weight: number;
                                }[];
                            }[];
                            trigger: {
                                /**
                                 * @description The cart holds a product of one of these categories (or their subcategories)
                                 * @default []
                                 */
                                category_ids: string[];
                                /**
                                 * @description returning: the contact has bought from the store before
                                 * @default any
                                 * @enum {string}
                                 */
                                customer: "any" | "new" | "returning";
                                /**
                                 * @description Cart value at most (minor units, store currency)
                                 * @default null
                                 */
                                max_value: number | null;
                                /**
                                 * @description Cart value at least (minor units, store currency)
                                 * @default null
                                 */
                                min_value: number | null;
                                /**
                                 * @description The cart holds one of these products
                                 * @default []
                                 */
                                product_ids: string[];
                                /**
                                 * @description Empty: every source
                                 * @default []
                                 */
                                sources: ("carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento")[];
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/campaigns/{campaignId}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A campaign’s runs
         * @description One run per abandoned cart that entered the campaign, newest first: its cart, the steps reached (channel, A/B variant, discount code, message, outcome, when the provider took it), status and exit reason.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "running" | "completed" | "exited";
                };
                header?: never;
                path: {
                    campaignId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 8601, UTC */
                                abandoned_at: string;
                                campaign_id: string;
                                clicked_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                ended_at: string | null;
                                exit_reason: ("recovered" | "purchased" | "clicked" | "cart_closed" | "campaign_paused" | "campaign_deleted") | null;
                                id: string;
                                next_due_at: string | null;
                                next_step: number | null;
                                /** @enum {string} */
                                status: "running" | "completed" | "exited";
                                /** @description Steps taken so far */
                                step_reached: number;
                                steps: {
                                    /** @enum {string} */
                                    channel: "email" | "sms" | "push";
                                    coupon_code: string | null;
                                    /** @description Why suppressed, failed or skipped */
                                    detail: string | null;
                                    /** @description ISO 8601, UTC */
                                    due_at: string;
                                    /** @description When the provider took the message */
                                    handed_at: string | null;
                                    message_id: string | null;
                                    /** @enum {string} */
                                    outcome: "sending" | "sent" | "deferred" | "queued" | "suppressed" | "failed" | "cancelled" | "skipped";
                                    /** @description 0-based */
                                    step: number;
                                    variant: string | null;
                                }[];
                                tracked_cart_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tracked carts (abandoned ones by default)
         * @description Newest first, with their contact, items and recovery outcome. Cursor pagination.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Abandoned at or after (ISO 8601) */
                    abandoned_from?: string;
                    /** @description Abandoned before */
                    abandoned_to?: string;
                    cursor?: string;
                    /** @description Carts of this contact (exact address) */
                    email?: string;
                    limit?: number;
                    max_value?: number;
                    /** @description Minor units */
                    min_value?: number;
                    /** @description Carts of this contact (exact number) */
                    phone?: string;
                    source?: "carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento";
                    /** @description Default: abandoned */
                    status?: "active" | "abandoned" | "recovered" | "purchased";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                abandon_due_at: string | null;
                                abandoned_at: string | null;
                                anonymous_id: string | null;
                                attribution: {
                                    campaign_id: string | null;
                                    /** @enum {string} */
                                    kind: "clicked" | "sent";
                                    message_id: string;
                                } | null;
                                checkout_started_at: string | null;
                                contact: {
                                    customer_id: string | null;
                                    email: string | null;
                                    erased_at: string | null;
                                    id: string;
                                    phone: string | null;
                                } | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                currency: string;
                                device: ("desktop" | "mobile" | "tablet") | null;
                                external_id: string;
                                id: string;
                                item_count: number;
                                items: {
                                    image_url: string | null;
                                    product_id: string | null;
                                    quantity: number;
                                    sku: string | null;
                                    title: string;
                                    /** @description Minor units */
                                    unit_price: number;
                                    url: string | null;
                                    variant_id: string | null;
                                    variant_title: string | null;
                                }[];
                                /** @description ISO 8601, UTC */
                                last_activity_at: string;
                                order_id: string | null;
                                platform_recovery_url: string | null;
                                purchased_at: string | null;
                                recovered_at: string | null;
                                recovered_currency: string | null;
                                recovered_value: number | null;
                                /** @enum {string} */
                                source: "carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento";
                                /** @enum {string} */
                                status: "active" | "abandoned" | "recovered" | "purchased";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                                /** @description Minor units */
                                value: number;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/carts/{trackedCartId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tracked cart, with the messages that touched it and its recovery-link clicks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    trackedCartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abandon_due_at: string | null;
                            abandoned_at: string | null;
                            anonymous_id: string | null;
                            attribution: {
                                campaign_id: string | null;
                                /** @enum {string} */
                                kind: "clicked" | "sent";
                                message_id: string;
                            } | null;
                            checkout_started_at: string | null;
                            contact: {
                                customer_id: string | null;
                                email: string | null;
                                erased_at: string | null;
                                id: string;
                                phone: string | null;
                            } | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            device: ("desktop" | "mobile" | "tablet") | null;
                            external_id: string;
                            id: string;
                            item_count: number;
                            items: {
                                image_url: string | null;
                                product_id: string | null;
                                quantity: number;
                                sku: string | null;
                                title: string;
                                /** @description Minor units */
                                unit_price: number;
                                url: string | null;
                                variant_id: string | null;
                                variant_title: string | null;
                            }[];
                            /** @description ISO 8601, UTC */
                            last_activity_at: string;
                            link_clicks: {
                                /** @description ISO 8601, UTC */
                                clicked_at: string;
                                device: string | null;
                                message_id: string | null;
                                /** @enum {string} */
                                outcome: "restored" | "reused" | "redirected" | "closed";
                                restored_cart_id: string | null;
                            }[];
                            order_id: string | null;
                            platform_recovery_url: string | null;
                            purchased_at: string | null;
                            recovered_at: string | null;
                            recovered_currency: string | null;
                            recovered_value: number | null;
                            /** @description An abandoned cart: a fresh signed link that restores it (staff may send it by hand); else null */
                            recovery_link: {
                                /** @description ISO 8601, UTC */
                                expires_at: string;
                                url: string;
                            } | null;
                            /** @enum {string} */
                            source: "carton" | "tracker" | "shopify" | "woocommerce" | "bigcommerce" | "magento";
                            /** @enum {string} */
                            status: "active" | "abandoned" | "recovered" | "purchased";
                            touches: {
                                campaign_id: string | null;
                                /** @enum {string} */
                                kind: "sent" | "delivered" | "opened" | "clicked";
                                message_id: string;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                            }[];
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Minor units */
                            value: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/contacts/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * GDPR erasure of a recovery contact
         * @description Removes the e-mail address and phone number, unlinks the carts (they stay, anonymous, so the figures hold), deletes visitors, raw tracker events and push subscriptions. Idempotent; audited; emits `recovery_contact.erased`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            carts: number;
                            contacts: number;
                            push_subscriptions: number;
                            tracker_events: number;
                            visitors: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/contacts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * GDPR export of a recovery contact
         * @description Everything recovery holds about the person with this e-mail address and/or phone number: contacts, visitors, carts, messages, link clicks, push subscriptions (their address keys). Audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email?: string;
                        phone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            exported_at: string;
                            format: string;
                            store_id: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/recovery/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recovery settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abandon_after_minutes: number;
                            allowed_origins: string[];
                            attribution_window_days: number;
                            cart_url: string | null;
                            require_consent: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change recovery settings
         * @description Fields left out stay. A new delay re-times the abandonment of every active cart. Audited; emits `recovery_settings.updated`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A cart with a contact and no purchase this long after its last activity is abandoned (≥ 15) */
                        abandon_after_minutes?: number;
                        /** @description Origins whose pages may send tracker events; empty: any origin */
                        allowed_origins?: string[];
                        /** @description Recovered revenue goes to the last message clicked (or sent) within this many days */
                        attribution_window_days?: number;
                        /** @description Where a restored Carton cart is opened; `{cart_id}` is replaced by its id */
                        cart_url?: string | null;
                        /** @description The tracker sends nothing, and the ingest accepts nothing, without the visitor’s consent */
                        require_consent?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            abandon_after_minutes: number;
                            allowed_origins: string[];
                            attribution_window_days: number;
                            cart_url: string | null;
                            require_consent: boolean;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/reports/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Today's and recent days' sales, orders, carts and conversion, in the store's time zone
         * @description Sales are the totals of orders placed each day (gross, per currency). Conversion is orders placed ÷ carts created the same day.
         */
        get: {
            parameters: {
                query?: {
                    /** @description How many days, today included (1–90) */
                    days?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The store's currency */
                            currency: string;
                            /** @description Oldest first, today last; days without sales included */
                            days: {
                                /** @description Per currency with orders */
                                average_order_value: {
                                    /** @description Minor units */
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Carts created that day */
                                carts: number;
                                /** @description Orders placed ÷ carts created that day; null without carts */
                                conversion_rate: number | null;
                                /** @description The day in the store's time zone (YYYY-MM-DD) */
                                date: string;
                                /** @description Orders placed that day */
                                orders: number;
                                /** @description Totals of the orders placed, per currency; the store's currency first, always present */
                                sales: {
                                    /** @description Minor units */
                                    amount: number;
                                    currency: string;
                                }[];
                            }[];
                            time_zone: string;
                            today: {
                                /** @description Per currency with orders */
                                average_order_value: {
                                    /** @description Minor units */
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Carts created that day */
                                carts: number;
                                /** @description Orders placed ÷ carts created that day; null without carts */
                                conversion_rate: number | null;
                                /** @description The day in the store's time zone (YYYY-MM-DD) */
                                date: string;
                                /** @description Orders placed that day */
                                orders: number;
                                /** @description Totals of the orders placed, per currency; the store's currency first, always present */
                                sales: {
                                    /** @description Minor units */
                                    amount: number;
                                    currency: string;
                                }[];
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Returns, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    order_id?: string;
                    status?: "requested" | "approved" | "received" | "refunded" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns/{returnId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One return */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns/{returnId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a requested return */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns/{returnId}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the units of an approved return as arrived (and restock them) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What arrived; default: every unit of the return, restocked */
                        lines?: {
                            /** @description Units that arrived */
                            quantity: number;
                            /**
                             * @description Put them back in stock (false: damaged, written off)
                             * @default true
                             */
                            restock?: boolean;
                            return_line_id: string;
                        }[];
                        /** @description Where restocked units go; default: where they were shipped from */
                        location_id?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns/{returnId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a received return, in full or in part
         * @description Default amount: what the received units were paid for. Retrying (with or without the same amount) never refunds twice. 503: the provider did not answer — retry (or let the worker finish it).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Default: what the received units were paid for (`received_value`); less for a partial refund */
                        amount?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/returns/{returnId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a return (its units may be asked for again) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/search/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search analytics: top queries, zero-result queries, click-through */
        get: {
            parameters: {
                query?: {
                    days?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            click_through_rate: number;
                            clicks: number;
                            searches: number;
                            top_queries: {
                                avg_results: number;
                                click_through_rate: number;
                                clicks: number;
                                query: string;
                                searches: number;
                            }[];
                            zero_result_queries: {
                                last_searched_at: string;
                                query: string;
                                searches: number;
                            }[];
                            zero_result_rate: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/search/reindex": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuild the store's search index from the catalog
         * @description Needed only after bulk changes that emitted no product events; normal edits reindex within a second.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            indexed: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/shipping/methods/{methodId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One shipping method */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    methodId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            created_at: string;
                            currency: string;
                            /** @description Business days */
                            delivery_estimate: {
                                max_days: number;
                                min_days: number;
                            } | null;
                            free_shipping_threshold: number | null;
                            id: string;
                            name: string;
                            provider: string;
                            provider_service: string | null;
                            rate: {
                                amount: number;
                                /** @enum {string} */
                                type: "flat";
                            } | {
                                /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "weight_band";
                            } | {
                                /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "price_band";
                            };
                            updated_at: string;
                            zone_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shipping method */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    methodId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a shipping method
         * @description A `rate` given replaces the whole rate table; an absent field is left alone.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    methodId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        currency?: string;
                        /** @description Business days */
                        delivery_estimate?: {
                            max_days: number;
                            min_days: number;
                        } | null;
                        /** @description Free when the subtotal (after discounts, in the method's currency) reaches this; null: never */
                        free_shipping_threshold?: number | null;
                        name?: string;
                        /** @description Who prices the method: `table` (its own rate table) or a registered carrier, which falls back to the table */
                        provider?: string;
                        /** @description The carrier's service code */
                        provider_service?: string | null;
                        rate?: {
                            amount: number;
                            /** @enum {string} */
                            type: "flat";
                        } | {
                            /** @description Total basket weight in grams; lines of unknown weight count as 0 g */
                            bands: {
                                amount: number;
                                /** @description Inclusive */
                                from: number;
                                /**
                                 * @description Exclusive; null: no upper limit
                                 * @default null
                                 */
                                to?: number | null;
                            }[];
                            /** @enum {string} */
                            type: "weight_band";
                        } | {
                            /** @description Basket subtotal (after discounts) in minor units of the method's currency */
                            bands: {
                                amount: number;
                                /** @description Inclusive */
                                from: number;
                                /**
                                 * @description Exclusive; null: no upper limit
                                 * @default null
                                 */
                                to?: number | null;
                            }[];
                            /** @enum {string} */
                            type: "price_band";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            created_at: string;
                            currency: string;
                            /** @description Business days */
                            delivery_estimate: {
                                max_days: number;
                                min_days: number;
                            } | null;
                            free_shipping_threshold: number | null;
                            id: string;
                            name: string;
                            provider: string;
                            provider_service: string | null;
                            rate: {
                                amount: number;
                                /** @enum {string} */
                                type: "flat";
                            } | {
                                /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "weight_band";
                            } | {
                                /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "price_band";
                            };
                            updated_at: string;
                            zone_id: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/shipping/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Carrier-rate providers a method may name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                code: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/shipping/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The rates a basket would be offered for an address (changes nothing)
         * @description A zone covers an address when its countries include the address country (or are ["*"]), its regions (if any) include the region, and its postcode patterns (if any) match the postcode. The most specific covering zone serves the address: postcode-narrowed, then region-narrowed, then whole countries, then "*"; then fewer countries; then the older zone.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        currency: string;
                        lines: {
                            quantity: number;
                            unit_price: number;
                            variant_id: string;
                            /** @default null */
                            weight_grams?: number | null;
                        }[];
                        /** @description After discounts */
                        subtotal: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                currency: string;
                                /** @description Business days */
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_applied: boolean;
                                method_id: string;
                                name: string;
                                provider: string;
                            }[];
                            /** @description The zone serving the address; null: none does */
                            zone_id: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/shipping/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shipping zones with their methods */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 3166-1 alpha-2 codes, or ["*"] for every country */
                                countries: string[];
                                created_at: string;
                                id: string;
                                methods: {
                                    active: boolean;
                                    created_at: string;
                                    currency: string;
                                    /** @description Business days */
                                    delivery_estimate: {
                                        max_days: number;
                                        min_days: number;
                                    } | null;
                                    free_shipping_threshold: number | null;
                                    id: string;
                                    name: string;
                                    provider: string;
                                    provider_service: string | null;
                                    rate: {
                                        amount: number;
                                        /** @enum {string} */
                                        type: "flat";
                                    } | {
                                        /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                        bands: {
                                            amount: number;
                                            from: number;
                                            to: number | null;
                                        }[];
                                        /** @enum {string} */
                                        type: "weight_band";
                                    } | {
                                        /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                        bands: {
                                            amount: number;
                                            from: number;
                                            to: number | null;
                                        }[];
                                        /** @enum {string} */
                                        type: "price_band";
                                    };
                                    updated_at: string;
                                    zone_id: string;
                                }[];
                                name: string;
                                postcode_patterns: string[];
                                regions: string[];
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a shipping zone
         * @description A zone covers an address when its countries include the address country (or are ["*"]), its regions (if any) include the region, and its postcode patterns (if any) match the postcode. The most specific covering zone serves the address: postcode-narrowed, then region-narrowed, then whole countries, then "*"; then fewer countries; then the older zone.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 3166-1 alpha-2 codes, or ["*"] for the rest of the world */
                        countries: string[];
                        name: string;
                        /** @description Ranges (700000-709999), wildcards (70*, SW1A*) or exact postcodes; empty: every postcode */
                        postcode_patterns?: string[];
                        /** @description Region codes or names (as in addresses), compared case-insensitively; empty: whole countries */
                        regions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 3166-1 alpha-2 codes, or ["*"] for every country */
                            countries: string[];
                            created_at: string;
                            id: string;
                            methods: {
                                active: boolean;
                                created_at: string;
                                currency: string;
                                /** @description Business days */
                                delivery_estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_threshold: number | null;
                                id: string;
                                name: string;
                                provider: string;
                                provider_service: string | null;
                                rate: {
                                    amount: number;
                                    /** @enum {string} */
                                    type: "flat";
                                } | {
                                    /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "weight_band";
                                } | {
                                    /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "price_band";
                                };
                                updated_at: string;
                                zone_id: string;
                            }[];
                            name: string;
                            postcode_patterns: string[];
                            regions: string[];
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/shipping/zones/{zoneId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One shipping zone with its methods */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    zoneId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 3166-1 alpha-2 codes, or ["*"] for every country */
                            countries: string[];
                            created_at: string;
                            id: string;
                            methods: {
                                active: boolean;
                                created_at: string;
                                currency: string;
                                /** @description Business days */
                                delivery_estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_threshold: number | null;
                                id: string;
                                name: string;
                                provider: string;
                                provider_service: string | null;
                                rate: {
                                    amount: number;
                                    /** @enum {string} */
                                    type: "flat";
                                } | {
                                    /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "weight_band";
                                } | {
                                    /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "price_band";
                                };
                                updated_at: string;
                                zone_id: string;
                            }[];
                            name: string;
                            postcode_patterns: string[];
                            regions: string[];
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a shipping zone and its methods */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    zoneId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a shipping zone
         * @description A list given replaces the zone’s list; an absent field is left alone.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    zoneId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 3166-1 alpha-2 codes, or ["*"] for the rest of the world */
                        countries?: string[];
                        name?: string;
                        /** @description Ranges (700000-709999), wildcards (70*, SW1A*) or exact postcodes; empty: every postcode */
                        postcode_patterns?: string[];
                        /** @description Region codes or names (as in addresses), compared case-insensitively; empty: whole countries */
                        regions?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 3166-1 alpha-2 codes, or ["*"] for every country */
                            countries: string[];
                            created_at: string;
                            id: string;
                            methods: {
                                active: boolean;
                                created_at: string;
                                currency: string;
                                /** @description Business days */
                                delivery_estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_threshold: number | null;
                                id: string;
                                name: string;
                                provider: string;
                                provider_service: string | null;
                                rate: {
                                    amount: number;
                                    /** @enum {string} */
                                    type: "flat";
                                } | {
                                    /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "weight_band";
                                } | {
                                    /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "price_band";
                                };
                                updated_at: string;
                                zone_id: string;
                            }[];
                            name: string;
                            postcode_patterns: string[];
                            regions: string[];
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/shipping/zones/{zoneId}/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Methods of a shipping zone */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    zoneId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                active: boolean;
                                created_at: string;
                                currency: string;
                                /** @description Business days */
                                delivery_estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_threshold: number | null;
                                id: string;
                                name: string;
                                provider: string;
                                provider_service: string | null;
                                rate: {
                                    amount: number;
                                    /** @enum {string} */
                                    type: "flat";
                                } | {
                                    /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "weight_band";
                                } | {
                                    /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                    bands: {
                                        amount: number;
                                        from: number;
                                        to: number | null;
                                    }[];
                                    /** @enum {string} */
                                    type: "price_band";
                                };
                                updated_at: string;
                                zone_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a shipping method to a zone
         * @description The rate is flat, or weight bands (grams) or price bands (subtotal after discounts, minor units): bands sorted by `from`, not overlapping, `from` inclusive, `to` exclusive (null: no limit). A basket outside every band is not offered the method. At or above `free_shipping_threshold` the method is free.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    zoneId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        active?: boolean;
                        currency: string;
                        /**
                         * @description Business days
                         * @default null
                         */
                        delivery_estimate?: {
                            max_days: number;
                            min_days: number;
                        } | null;
                        /**
                         * @description Free when the subtotal (after discounts, in the method's currency) reaches this; null: never
                         * @default null
                         */
                        free_shipping_threshold?: number | null;
                        name: string;
                        /**
                         * @description Who prices the method: `table` (its own rate table) or a registered carrier, which falls back to the table
                         * @default table
                         */
                        provider?: string;
                        /**
                         * @description The carrier's service code
                         * @default null
                         */
                        provider_service?: string | null;
                        rate: {
                            amount: number;
                            /** @enum {string} */
                            type: "flat";
                        } | {
                            /** @description Total basket weight in grams; lines of unknown weight count as 0 g */
                            bands: {
                                amount: number;
                                /** @description Inclusive */
                                from: number;
                                /**
                                 * @description Exclusive; null: no upper limit
                                 * @default null
                                 */
                                to?: number | null;
                            }[];
                            /** @enum {string} */
                            type: "weight_band";
                        } | {
                            /** @description Basket subtotal (after discounts) in minor units of the method's currency */
                            bands: {
                                amount: number;
                                /** @description Inclusive */
                                from: number;
                                /**
                                 * @description Exclusive; null: no upper limit
                                 * @default null
                                 */
                                to?: number | null;
                            }[];
                            /** @enum {string} */
                            type: "price_band";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            created_at: string;
                            currency: string;
                            /** @description Business days */
                            delivery_estimate: {
                                max_days: number;
                                min_days: number;
                            } | null;
                            free_shipping_threshold: number | null;
                            id: string;
                            name: string;
                            provider: string;
                            provider_service: string | null;
                            rate: {
                                amount: number;
                                /** @enum {string} */
                                type: "flat";
                            } | {
                                /** @description `from`/`to` in grams, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "weight_band";
                            } | {
                                /** @description `from`/`to`: subtotal in minor units, `from` inclusive, `to` exclusive */
                                bands: {
                                    amount: number;
                                    from: number;
                                    to: number | null;
                                }[];
                                /** @enum {string} */
                                type: "price_band";
                            };
                            updated_at: string;
                            zone_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's staff and their roles */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                email: string;
                                joined_at: string;
                                mfa_enabled: boolean;
                                name: string | null;
                                /** @enum {string} */
                                role: "owner" | "admin" | "staff" | "read_only";
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                                user_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Invite a person to the store
         * @description Someone without an account gets an e-mailed invitation to choose a password; someone with an account gets access at once. Only owners may grant the owner role.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name?: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "staff" | "read_only";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            invited: boolean;
                            joined_at: string;
                            mfa_enabled: boolean;
                            name: string | null;
                            /** @enum {string} */
                            role: "owner" | "admin" | "staff" | "read_only";
                            /** @enum {string} */
                            status: "invited" | "active" | "disabled";
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/staff/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a person from the store */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a staff member's role
         * @description Their sessions end, so the new role applies at once. A store keeps at least one owner.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "owner" | "admin" | "staff" | "read_only";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            joined_at: string;
                            mfa_enabled: boolean;
                            name: string | null;
                            /** @enum {string} */
                            role: "owner" | "admin" | "staff" | "read_only";
                            /** @enum {string} */
                            status: "invited" | "active" | "disabled";
                            user_id: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/stock-locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's stock locations in allocation order */
        get: {
            parameters: {
                query?: {
                    /** @description Only active (or inactive) locations */
                    active?: "true" | "false";
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                active: boolean;
                                address: {
                                    city?: string;
                                    country?: string;
                                    line1?: string;
                                    line2?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                code: string;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                id: string;
                                name: string;
                                /** @description Allocation order: lower numbers are drawn from first */
                                priority: number;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a stock location (warehouse) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        active?: boolean;
                        /** @default {} */
                        address?: {
                            city?: string;
                            country?: string;
                            line1?: string;
                            line2?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        code: string;
                        name: string;
                        /** @default 0 */
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            address: {
                                city?: string;
                                country?: string;
                                line1?: string;
                                line2?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            code: string;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description Allocation order: lower numbers are drawn from first */
                            priority: number;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/stock-locations/{locationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One stock location */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    locationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            address: {
                                city?: string;
                                country?: string;
                                line1?: string;
                                line2?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            code: string;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description Allocation order: lower numbers are drawn from first */
                            priority: number;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a stock location
         * @description An inactive location keeps its stock but is skipped by reservations and availability.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    locationId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        address?: {
                            city?: string;
                            country?: string;
                            line1?: string;
                            line2?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        code?: string;
                        name?: string;
                        priority?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            address: {
                                city?: string;
                                country?: string;
                                line1?: string;
                                line2?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            code: string;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description Allocation order: lower numbers are drawn from first */
                            priority: number;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/store": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The active store and its settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            handle: string;
                            id: string;
                            locale: string;
                            name: string;
                            organization_id: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            timezone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the active store's name, currency, time zone, locale or settings */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currency?: string;
                        /** @enum {string} */
                        locale?: "en" | "vi";
                        name?: string;
                        settings?: {
                            [key: string]: unknown;
                        };
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            handle: string;
                            id: string;
                            locale: string;
                            name: string;
                            organization_id: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            timezone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/tax/calculate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The tax of a document, as checkout would calculate it (changes nothing)
         * @description A rate covers an address when its country is the address country, its region (if any) the region, and its postcode pattern (if any) matches. For a line of a tax class the most specific covering rate of that class applies (postcode, then region, then country); a class without one is taxed as `standard`. Shipping is taxed at the applying standard rate when it is `shipping_taxable`. The total is the exact tax of the whole document rounded once (half up), allocated to the lines and shipping so that they sum to it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        currency: string;
                        lines: {
                            /** @description After discounts; gross when the store’s prices include tax */
                            amount: number;
                            id: string;
                            /** @default null */
                            tax_class?: string | null;
                        }[];
                        /** @default 0 */
                        shipping?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Whether the amounts included tax (and it was extracted) */
                            inclusive: boolean;
                            lines: {
                                id: string;
                                /** @description Basis points */
                                rate: number;
                                tax: number;
                            }[];
                            provider: string;
                            /** @description Basis points */
                            shipping_rate: number;
                            shipping_tax: number;
                            /** @description Total tax: the lines and shipping tax sum to it */
                            total: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/tax/rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tax rates, optionally of one country or tax class */
        get: {
            parameters: {
                query?: {
                    country?: string;
                    cursor?: string;
                    limit?: number;
                    tax_class?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description The rate in basis points (may have two decimals: 887.5) */
                                basis_points: number;
                                country: string;
                                created_at: string;
                                id: string;
                                name: string;
                                /** @description The rate as a decimal percent, e.g. "8.875" */
                                percent: string;
                                postcode_pattern: string | null;
                                /** @description The rate in parts per million, as stored: 88750 */
                                rate_ppm: number;
                                region: string | null;
                                shipping_taxable: boolean;
                                tax_class: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a tax rate
         * @description A rate covers an address when its country is the address country, its region (if any) the region, and its postcode pattern (if any) matches. For a line of a tax class the most specific covering rate of that class applies (postcode, then region, then country); a class without one is taxed as `standard`. Shipping is taxed at the applying standard rate when it is `shipping_taxable`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The rate in basis points: 2000 = 20 % */
                        basis_points?: number;
                        country: string;
                        name: string;
                        /** @description The rate as a decimal percent: "20", "8.875". Give this or basis_points */
                        percent?: string | number;
                        /** @description A range (10000-14999), wildcard (100*) or exact postcode; null: every postcode */
                        postcode_pattern?: string | null;
                        /**
                         * @description A region code or name, as in addresses; null: the whole country
                         * @default null
                         */
                        region?: string | null;
                        /**
                         * @description Whether shipping is taxed where this rate applies (read on `standard` rates)
                         * @default true
                         */
                        shipping_taxable?: boolean;
                        /**
                         * @description Lines of this class are taxed at this rate; `standard` also taxes shipping
                         * @default standard
                         */
                        tax_class?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The rate in basis points (may have two decimals: 887.5) */
                            basis_points: number;
                            country: string;
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description The rate as a decimal percent, e.g. "8.875" */
                            percent: string;
                            postcode_pattern: string | null;
                            /** @description The rate in parts per million, as stored: 88750 */
                            rate_ppm: number;
                            region: string | null;
                            shipping_taxable: boolean;
                            tax_class: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/tax/rates/{taxRateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One tax rate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taxRateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The rate in basis points (may have two decimals: 887.5) */
                            basis_points: number;
                            country: string;
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description The rate as a decimal percent, e.g. "8.875" */
                            percent: string;
                            postcode_pattern: string | null;
                            /** @description The rate in parts per million, as stored: 88750 */
                            rate_ppm: number;
                            region: string | null;
                            shipping_taxable: boolean;
                            tax_class: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a tax rate */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taxRateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a tax rate */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taxRateId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The rate in basis points: 2000 = 20 % */
                        basis_points?: number;
                        country?: string;
                        name?: string;
                        /** @description The rate as a decimal percent: "20", "8.875". Give this or basis_points */
                        percent?: string | number;
                        /** @description A range (10000-14999), wildcard (100*) or exact postcode; null: every postcode */
                        postcode_pattern?: string | null;
                        /** @description A region code or name, as in addresses; null: the whole country */
                        region?: string | null;
                        /** @description Whether shipping is taxed where this rate applies (read on `standard` rates) */
                        shipping_taxable?: boolean;
                        /** @description Lines of this class are taxed at this rate; `standard` also taxes shipping */
                        tax_class?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The rate in basis points (may have two decimals: 887.5) */
                            basis_points: number;
                            country: string;
                            created_at: string;
                            id: string;
                            name: string;
                            /** @description The rate as a decimal percent, e.g. "8.875" */
                            percent: string;
                            postcode_pattern: string | null;
                            /** @description The rate in parts per million, as stored: 88750 */
                            rate_ppm: number;
                            region: string | null;
                            shipping_taxable: boolean;
                            tax_class: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/tax/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's tax settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description true: prices and shipping rates include tax (it is extracted); false: tax is added */
                            prices_include_tax: boolean;
                            /** @description The tax provider that calculates tax */
                            provider: string;
                            /** @description Tax providers this installation has */
                            providers: string[];
                            /** @description Null while the store has the defaults */
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the tax settings: prices with or without tax, tax provider */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description true: prices and shipping rates include tax (it is extracted); false: tax is added at checkout */
                        prices_include_tax?: boolean;
                        /** @description The tax provider that calculates tax (`table`: the store’s own rates) */
                        provider?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description true: prices and shipping rates include tax (it is extracted); false: tax is added */
                            prices_include_tax: boolean;
                            /** @description The tax provider that calculates tax */
                            provider: string;
                            /** @description Tax providers this installation has */
                            providers: string[];
                            /** @description Null while the store has the defaults */
                            updated_at: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/variants/{variantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One variant */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            backorder_policy: "deny" | "allow";
                            barcode: string | null;
                            created_at: string;
                            height_mm: number | null;
                            id: string;
                            length_mm: number | null;
                            metadata: {
                                [key: string]: unknown;
                            };
                            option_values: {
                                [key: string]: string;
                            };
                            position: number;
                            product_id: string;
                            sku: string;
                            title: string;
                            updated_at: string;
                            weight_grams: number | null;
                            width_mm: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a variant */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a variant */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    variantId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        backorder_policy?: "deny" | "allow";
                        barcode?: string | null;
                        height_mm?: number | null;
                        length_mm?: number | null;
                        metadata?: {
                            [key: string]: unknown;
                        };
                        option_values?: {
                            [key: string]: string;
                        };
                        sku?: string;
                        title?: string;
                        weight_grams?: number | null;
                        width_mm?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            backorder_policy: "deny" | "allow";
                            barcode: string | null;
                            created_at: string;
                            height_mm: number | null;
                            id: string;
                            length_mm: number | null;
                            metadata: {
                                [key: string]: unknown;
                            };
                            option_values: {
                                [key: string]: string;
                            };
                            position: number;
                            product_id: string;
                            sku: string;
                            title: string;
                            updated_at: string;
                            weight_grams: number | null;
                            width_mm: number | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's webhook endpoints, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                description: string;
                                disabled_at: string | null;
                                disabled_reason: ("manual" | "failing") | null;
                                enabled: boolean;
                                event_types: string[];
                                id: string;
                                updated_at: string;
                                url: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Events of the chosen types are POSTed to the URL as `{ type, timestamp, data }`, signed per the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The signing secret is in this response; later, reveal or rotate it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        description?: string;
                        /** @default true */
                        enabled?: boolean;
                        /** @description Event types to receive: exact types, entity.* or * (everything). See GET /admin/v1/event-types. */
                        event_types?: string[];
                        /** Format: uri */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            disabled_at: string | null;
                            disabled_reason: ("manual" | "failing") | null;
                            enabled: boolean;
                            event_types: string[];
                            id: string;
                            /** @description The Standard Webhooks signing secret (whsec_…). Keep it on your server. */
                            secret: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            disabled_at: string | null;
                            disabled_reason: ("manual" | "failing") | null;
                            enabled: boolean;
                            event_types: string[];
                            id: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook endpoint and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint
         * @description Setting `enabled: true` on a disabled endpoint resumes the deliveries that were waiting.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        enabled?: boolean;
                        /** @description Event types to receive: exact types, entity.* or * (everything). See GET /admin/v1/event-types. */
                        event_types?: string[];
                        /** Format: uri */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            disabled_at: string | null;
                            disabled_reason: ("manual" | "failing") | null;
                            enabled: boolean;
                            event_types: string[];
                            id: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of an endpoint, newest first, with every attempt */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "pending" | "succeeded" | "failed";
                };
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                attempt_count: number;
                                attempts: {
                                    attempt_number: number;
                                    duration_ms: number;
                                    error: string | null;
                                    id: string;
                                    response_excerpt: string | null;
                                    started_at: string;
                                    status_code: number | null;
                                    succeeded: boolean;
                                }[];
                                created_at: string;
                                delivered_at: string | null;
                                endpoint_id: string;
                                event_id: string | null;
                                event_type: string;
                                id: string;
                                last_error: string | null;
                                last_status_code: number | null;
                                message_id: string;
                                next_attempt_at: string | null;
                                payload: {
                                    data: {
                                        [key: string]: unknown;
                                    };
                                    timestamp: string;
                                    type: string;
                                };
                                replay_of: string | null;
                                /** @enum {string} */
                                status: "pending" | "succeeded" | "failed";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with its attempts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempt_count: number;
                            attempts: {
                                attempt_number: number;
                                duration_ms: number;
                                error: string | null;
                                id: string;
                                response_excerpt: string | null;
                                started_at: string;
                                status_code: number | null;
                                succeeded: boolean;
                            }[];
                            created_at: string;
                            delivered_at: string | null;
                            endpoint_id: string;
                            event_id: string | null;
                            event_type: string;
                            id: string;
                            last_error: string | null;
                            last_status_code: number | null;
                            message_id: string;
                            next_attempt_at: string | null;
                            payload: {
                                data: {
                                    [key: string]: unknown;
                                };
                                timestamp: string;
                                type: string;
                            };
                            replay_of: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivered (or failed) message again
         * @description Creates a new delivery with the same body and `webhook-id`, so receivers can deduplicate.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempt_count: number;
                            attempts: {
                                attempt_number: number;
                                duration_ms: number;
                                error: string | null;
                                id: string;
                                response_excerpt: string | null;
                                started_at: string;
                                status_code: number | null;
                                succeeded: boolean;
                            }[];
                            created_at: string;
                            delivered_at: string | null;
                            endpoint_id: string;
                            event_id: string | null;
                            event_type: string;
                            id: string;
                            last_error: string | null;
                            last_status_code: number | null;
                            message_id: string;
                            next_attempt_at: string | null;
                            payload: {
                                data: {
                                    [key: string]: unknown;
                                };
                                timestamp: string;
                                type: string;
                            };
                            replay_of: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/secret/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Show the endpoint's signing secret */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/secret/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the signing secret
         * @description For 24 hours deliveries carry signatures by both the new and the previous secret.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            disabled_at: string | null;
                            disabled_reason: ("manual" | "failing") | null;
                            enabled: boolean;
                            event_types: string[];
                            id: string;
                            /** @description The Standard Webhooks signing secret (whsec_…). Keep it on your server. */
                            secret: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/v1/webhook-endpoints/{endpointId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test event to this endpoint */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    endpointId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempt_count: number;
                            attempts: {
                                attempt_number: number;
                                duration_ms: number;
                                error: string | null;
                                id: string;
                                response_excerpt: string | null;
                                started_at: string;
                                status_code: number | null;
                                succeeded: boolean;
                            }[];
                            created_at: string;
                            delivered_at: string | null;
                            endpoint_id: string;
                            event_id: string | null;
                            event_type: string;
                            id: string;
                            last_error: string | null;
                            last_status_code: number | null;
                            message_id: string;
                            next_attempt_at: string | null;
                            payload: {
                                data: {
                                    [key: string]: unknown;
                                };
                                timestamp: string;
                                type: string;
                            };
                            replay_of: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up (checks no dependency) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/carts/push/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store's VAPID public key, for the snippet's PushManager.subscribe
         * @description Null while the store’s push channel is not `webpush` (the snippet then does not ask the browser). The key in `x-publishable-key` or `?key=`.
         */
        get: {
            parameters: {
                query?: {
                    key?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            vapid_public_key: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/carts/push/subscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tie a shopper’s push subscription to their tracked carts, with their consent
         * @description Send it once the browser granted the notification permission: the subscription (`PushSubscription.toJSON()`) and the tracker’s visitor id and/or a Carton cart id. Records push consent (source `push_prompt`) and keeps the subscription encrypted for the campaigns’ push steps. Idempotent: a repeat records nothing. JSON or text/plain; refusals as for the events (403 ORIGIN_NOT_ALLOWED, 403 CONSENT_REQUIRED), 400 a malformed subscription.
         */
        post: {
            parameters: {
                query?: {
                    key?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A Carton cart id */
                        cart_id?: string;
                        /** @description The visitor consented to tracking (required when the store says so) */
                        consent?: boolean;
                        /** @description As `PushSubscription.toJSON()` gives it */
                        subscription: {
                            /** Format: uri */
                            endpoint: string;
                            expirationTime?: number | null;
                            keys: {
                                auth: string;
                                p256dh: string;
                            };
                        };
                        /** @description The tracker's visitor id (`carton.anonymousId`) */
                        visitor_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The subscription’s address key (`push:<sha256 of the endpoint>`) */
                            address: string;
                            /** @enum {string} */
                            consent: "granted";
                            /** @description False when it was already recorded as it is */
                            recorded: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/carts/push/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The shopper unsubscribed from push: forget the subscription and withdraw push consent
         * @description By the subscription’s endpoint. A repeat changes nothing.
         */
        post: {
            parameters: {
                query?: {
                    key?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        consent?: boolean;
                        /** Format: uri */
                        endpoint: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            /** @enum {string} */
                            consent: "withdrawn";
                            /** @description False when no subscription was kept */
                            removed: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/carts/track": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tracker events (a batch)
         * @description The snippet’s events: identify, cart, checkout_started, email_captured, exit_intent, purchase. JSON or text/plain (sendBeacon); the key in `x-publishable-key` or `?key=`. Appended at once (202), idempotent per event id; carts and contacts follow within moments. Refusals: 401 no or bad key, 403 ORIGIN_NOT_ALLOWED (the page’s origin is not among the store’s), 403 CONSENT_REQUIRED (the store requires consent and the batch does not carry it), 400 a malformed event (nothing of the batch is kept).
         */
        post: {
            parameters: {
                query?: {
                    key?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The visitor consented to tracking (required when the store says so) */
                        consent?: boolean;
                        events: ({
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            customer_id?: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            email?: string;
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            phone?: string;
                            /** @enum {string} */
                            type: "identify";
                        } | {
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            /** @description The cart's id (default: the snippet's own cart token) */
                            cart_id?: string;
                            currency: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            items: {
                                /** Format: uri */
                                image_url?: string;
                                /** @description Unit price, minor units */
                                price: number;
                                product_id?: string;
                                quantity: number;
                                sku?: string;
                                title: string;
                                /** Format: uri */
                                url?: string;
                                variant_id?: string;
                                variant_title?: string;
                            }[];
                            /** Format: uri */
                            recovery_url?: string;
                            /** @enum {string} */
                            type: "cart";
                            value: number;
                        } | {
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            cart_id?: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            /** @enum {string} */
                            type: "checkout_started";
                        } | {
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            email: string;
                            form?: string;
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            /** @enum {string} */
                            type: "email_captured";
                        } | {
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            cart_id?: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            /** @enum {string} */
                            type: "exit_intent";
                        } | {
                            /** @description The visitor's anonymous id (first-party storage) */
                            anonymous_id: string;
                            /**
                             * Format: date-time
                             * @description When it happened in the browser (ISO 8601)
                             */
                            at: string;
                            cart_id?: string;
                            currency: string;
                            /** @enum {string} */
                            device?: "desktop" | "mobile" | "tablet";
                            /** @description Unique per event; a repeated id is recognised and ignored */
                            id: string;
                            order_id: string;
                            /** @enum {string} */
                            type: "purchase";
                            value: number;
                        })[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Events appended now */
                            accepted: number;
                            /** @description Events whose id was already received (ignored) */
                            duplicates: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/integrations/{connectionId}/bigcommerce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * BigCommerce's webhooks for a connection
         * @description Verified with the connection’s token in the custom header `X-Carton-Webhook-Token`; the body `{ scope, data: { id }, hash, created_at, producer }` names what changed, which Carton fetches from the REST API. De-duplicated by scope and `hash`; `created_at` outside the replay window: 200 `stale`. When BigCommerce cannot answer the fetch, 202 `deferred`: the worker fetches it later. A delivery that cannot be verified: 401 INTEGRATION_SIGNATURE_INVALID; a payload not shaped as the platform documents: 422 INTEGRATION_PAYLOAD_INVALID (with the path); an unknown or disconnected connection: 404. None of them stores anything.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/integrations/{connectionId}/magento": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adobe Commerce (Magento) webhooks for a connection
         * @description Verified with `x-adobe-commerce-webhook-signature` (base64 RSA-SHA256 of the body, checked with the connection’s public key); `observer.sales_quote_save_after` (`data.quote`) and `observer.sales_order_place_after` (`data.order`). Answers carry `op: "success"`. A delivery that cannot be verified: 401 INTEGRATION_SIGNATURE_INVALID; a payload not shaped as the platform documents: 422 INTEGRATION_PAYLOAD_INVALID (with the path); an unknown or disconnected connection: 404. None of them stores anything.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/integrations/{connectionId}/shopify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Shopify's webhooks for a connection
         * @description Verified with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the body); topic from `X-Shopify-Topic` (`checkouts/create`, `checkouts/update`, `orders/create`, `customers/create`, `customers/update`); de-duplicated by `X-Shopify-Event-Id` (else `X-Shopify-Webhook-Id`); `X-Shopify-Triggered-At` outside the replay window: 200 `stale`. A delivery that cannot be verified: 401 INTEGRATION_SIGNATURE_INVALID; a payload not shaped as the platform documents: 422 INTEGRATION_PAYLOAD_INVALID (with the path); an unknown or disconnected connection: 404. None of them stores anything.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/integrations/{connectionId}/woocommerce": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * WooCommerce's webhooks for a connection
         * @description Verified with `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of the body); topic from `X-WC-Webhook-Topic` (`order.created`, `order.updated`, `customer.created`, `customer.updated`); de-duplicated by `X-WC-Webhook-Delivery-ID`. The ping sent when a webhook is saved answers 200. A delivery that cannot be verified: 401 INTEGRATION_SIGNATURE_INVALID; a payload not shaped as the platform documents: 422 INTEGRATION_PAYLOAD_INVALID (with the path); an unknown or disconnected connection: 404. None of them stores anything.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    connectionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Magento only: Adobe Commerce webhooks' expected answer
                             * @enum {string}
                             */
                            op?: "success";
                            /**
                             * @description accepted: recorded; duplicate: this delivery was taken before; ignored: a topic Carton does not take; stale: outside the replay window, not applied; deferred: taken, its data is fetched later
                             * @enum {string}
                             */
                            outcome: "accepted" | "duplicate" | "ignored" | "stale" | "deferred";
                            /** @enum {boolean} */
                            received: true;
                            /** @description Items recorded for recovery (a duplicate item counts nothing) */
                            recorded: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/click/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A tracked link of a message: records the click and redirects to its target
         * @description The target comes from the signed token only (never from the request). A token that does not verify, or has expired, is 404 and records nothing.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description With `Accept: application/json`: the target, for apps */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            url: string;
                        };
                    };
                };
                /** @description To the link’s target */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/open/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The open pixel of a message (a 1×1 GIF)
         * @description A token that does not verify, or has expired, is 404 and records nothing.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A transparent 1×1 GIF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/gif": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/sendgrid/{storeId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SendGrid's Event Webhook for a store (Signed Event Webhook)
         * @description Verified with the verification key set in the e-mail channel settings (ECDSA over the timestamp and body); a bad or stale signature is 400 WEBHOOK_SIGNATURE_INVALID and records nothing. Each event is applied once (by sg_event_id).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applied: number;
                            duplicates: number;
                            ignored: number;
                            received: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/twilio/{storeId}/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replies to a store's SMS number (Twilio): STOP, START and HELP
         * @description STOP (STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, OPTOUT, REVOKE, HUY, DUNG) withdraws SMS consent; START (UNSTOP, YES, OPTIN, SUBSCRIBE) grants it again; HELP (INFO) says how to stop. Answers TwiML.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description TwiML: the reply, if any */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/xml": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/twilio/{storeId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Twilio's status callback for a store's SMS
         * @description Verified with X-Twilio-Signature (HMAC-SHA1 of the URL and sorted parameters under the auth token).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "applied" | "duplicate" | "ignored";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/messaging/unsubscribe/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unsubscribe page of a message (a button that POSTs) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page for the recipient */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description A page for the recipient */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        /**
         * Unsubscribe (RFC 8058 one-click, or the page’s button)
         * @description Mail clients POST `List-Unsubscribe=One-Click` here (the `List-Unsubscribe` header of every e-mail). Withdraws consent for the message's channel, address and category; a repeat changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page for the recipient */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description A page for the recipient */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/payments/stripe/{storeId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe's webhooks for a store
         * @description Give this URL (shown in the payment settings) to Stripe. Each event is verified with the store’s webhook signing secret (`Stripe-Signature`, 5-minute tolerance) and applied once: `payment_intent.amount_capturable_updated`, `.succeeded`, `.payment_failed`, `.canceled` and `charge.refunded`. Forged or stale: 400 WEBHOOK_SIGNATURE_INVALID; an amount or currency that does not match the payment: 422 AMOUNT_MISMATCH; in both cases nothing changes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "applied" | "ignored" | "duplicate";
                            /** @enum {boolean} */
                            received: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ingest/v1/tracker.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tracking snippet
         * @description One minified file, no dependencies (≤ 5 KB gzipped). Paste `<script async src=".../ingest/v1/tracker.js" data-key="pk_…"></script>` in the store’s pages; see docs/recovery.md.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Prometheus text format 0.0.4 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": {
                            code: string;
                            detail?: string;
                            errors?: {
                                message: string;
                                path: string;
                            }[];
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/audit-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log of every store and of operator actions, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, or a prefix ending in * (e.g. api_key.*) */
                    action?: string;
                    actor_id?: string;
                    actor_type?: "staff" | "api_key" | "customer" | "system";
                    cursor?: string;
                    entity_id?: string;
                    entity_type?: string;
                    /** @description Inclusive lower bound (ISO 8601) */
                    from?: string;
                    limit?: number;
                    /** @description Only this store; "none" for operator-level entries outside any store */
                    store_id?: string;
                    /** @description Exclusive upper bound (ISO 8601) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                action: string;
                                actor: {
                                    id: string | null;
                                    /** @enum {string} */
                                    type: "staff" | "api_key" | "customer" | "system";
                                };
                                after: unknown;
                                before: unknown;
                                created_at: string;
                                entity_id: string;
                                entity_type: string;
                                id: string;
                                ip: string | null;
                                request_id: string | null;
                                store_id: string | null;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/organizations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organizations, oldest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                id: string;
                                name: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an organization (a merchant) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            id: string;
                            name: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/organizations/{organization_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organization and its stores */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    organization_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            id: string;
                            name: string;
                            stores: {
                                created_at: string;
                                currency: string;
                                handle: string;
                                id: string;
                                locale: string;
                                name: string;
                                organization_id: string;
                                settings: {
                                    [key: string]: unknown;
                                };
                                timezone: string;
                                updated_at: string;
                            }[];
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stores, oldest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    organization_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                currency: string;
                                handle: string;
                                id: string;
                                locale: string;
                                name: string;
                                organization_id: string;
                                settings: {
                                    [key: string]: unknown;
                                };
                                timezone: string;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a store in an organization
         * @description Give it an owner with POST /platform/v1/stores/{store_id}/owners.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currency: string;
                        handle: string;
                        /**
                         * @default en
                         * @enum {string}
                         */
                        locale?: "en" | "vi";
                        name: string;
                        organization_id: string;
                        /** @default {} */
                        settings?: {
                            [key: string]: unknown;
                        };
                        /** @default UTC */
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            handle: string;
                            id: string;
                            locale: string;
                            name: string;
                            organization_id: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            timezone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/stores/{store_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A store */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    store_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            currency: string;
                            handle: string;
                            id: string;
                            locale: string;
                            name: string;
                            organization_id: string;
                            settings: {
                                [key: string]: unknown;
                            };
                            timezone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/stores/{store_id}/owners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a person an owner of a store, inviting them by e-mail when they have no account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    store_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            invited: boolean;
                            joined_at: string;
                            mfa_enabled: boolean;
                            name: string | null;
                            /** @enum {string} */
                            role: "owner" | "admin" | "staff" | "read_only";
                            /** @enum {string} */
                            status: "invited" | "active" | "disabled";
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Operator staff */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Give a person an operator role, inviting them by e-mail when they have no account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name?: string;
                        /** @enum {string} */
                        operator_role: "admin" | "account_executive" | "implementation_consultant" | "support" | "read_only";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invited: boolean;
                            user: {
                                created_at: string;
                                email: string;
                                id: string;
                                last_login_at: string | null;
                                mfa_enabled: boolean;
                                name: string | null;
                                operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                                /** @enum {string} */
                                status: "invited" | "active" | "disabled";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/platform/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change or remove (null) a person's operator role; their sessions end */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            email: string;
                            id: string;
                            last_login_at: string | null;
                            mfa_enabled: boolean;
                            name: string | null;
                            operator_role: ("admin" | "account_executive" | "implementation_consultant" | "support" | "read_only") | null;
                            /** @enum {string} */
                            status: "invited" | "active" | "disabled";
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database reachable, migrations applied, workers running (when this process runs them) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                /** @enum {string} */
                                database: "ok";
                                /** @enum {string} */
                                migrations: "ok";
                                /**
                                 * @description running: this process runs workflows; enqueue-only: an API process, workers run them
                                 * @enum {string}
                                 */
                                workflows: "running" | "enqueue-only";
                            };
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            detail?: string;
                            errors?: {
                                message: string;
                                path: string;
                            }[];
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Availability of variants, summed over active locations
         * @description Unknown variant ids come back as not in stock. Per-location figures are for staff only and are not shown here.
         */
        get: {
            parameters: {
                query: {
                    variant_ids: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Units that can be bought now (0 when backordered) */
                                available: number;
                                /** @enum {string} */
                                backorder_policy: "deny" | "allow";
                                /** @description Something can be sold now: available > 0, or backorders are allowed */
                                in_stock: boolean;
                                variant_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a cart
         * @description Anonymous (keep its id: it is the only way back to it) or, with a customer's token, the customer's cart. A customer has one active cart: if they already have one it is returned unchanged (200).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        billing_address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /** @description Default: the store's currency */
                        currency?: string;
                        /** Format: email */
                        email?: string;
                        /** @description Product titles in the cart are shown in this language where translated */
                        locale?: string;
                        shipping_address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cart with its lines and totals
         * @description Prices are those of the last change (every change re-prices). Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set the cart's e-mail, shipping and billing addresses or locale
         * @description Addresses are checked per country (ISO 3166-1 alpha-2, postcode formats). Fields left out stay; null clears. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            /** @description Fields left out stay as they are; null clears one */
            requestBody: {
                content: {
                    "application/json": {
                        billing_address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        } | null;
                        email?: string | null;
                        locale?: string | null;
                        /** @description A note for the shop: delivery instructions, a gift message (kept on the order) */
                        note?: string | null;
                        shipping_address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/store/v1/carts/{cartId}/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The cart's current checkout attempt
         * @description For the shopper’s page after a 3-D Secure return: `status` running, requires_action, completed (with `order`) or failed (with `failure`). Asking wakes a checkout waiting for the challenge. 404 when the cart has not been checked out.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 1, 2, … per cart: a retry after a failure is a new attempt */
                            attempt: number;
                            cart_id: string;
                            created_at: string;
                            currency: string;
                            failure: {
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            finished_at: string | null;
                            /** @description The attempt (chk_…) */
                            id: string;
                            order: {
                                access_token: string | null;
                                /** @description A guest's link to the order's status page (GET /store/v1/orders/{id}?token=…); null for a customer */
                                access_url: string | null;
                                display_number: string;
                                id: string;
                                number: number;
                                payment_status: string;
                                status: string;
                                totals: {
                                    discount: number;
                                    shipping: number;
                                    subtotal: number;
                                    tax: number;
                                    total: number;
                                };
                            } | null;
                            payment: {
                                intent_id: string | null;
                                /** @description requires_action: send the shopper here (3-D Secure); they come back to return_url */
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    url: string;
                                } | null;
                            };
                            /** @enum {string} */
                            status: "running" | "requires_action" | "completed" | "failed";
                            /** @description validated, awaiting_action, order_created, completed or failed: how far the workflow got */
                            step: string;
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                tax_total: number;
                                /** @description What is charged */
                                total: number;
                            };
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete the cart: pay and place the order
         * @description Re-validates the cart (prices, stock, coupons, shipping and tax), then runs the durable checkout: reserve stock → fraud check → authorize the payment → create the order → commit the stock → confirm the order (order.placed) → capture if the store captures on placement. Any failure undoes what was done (stock released, payment voided) and the cart stays open. Calling it again — a double click, a retry, another tab — joins the same attempt: one order, one charge; a completed cart answers with its order.
         *
         *     200: the order was placed. 202: a 3-D Secure challenge awaits the shopper (`payment.next_action.url`), or the checkout is still working; follow it with GET …/checkout. Refusals (nothing charged): 402 PAYMENT_DECLINED (the card’s decline message), 409 CHECKOUT_TOTAL_CHANGED (expected_total no longer matches; `totals` has the new ones), 409 CART_CHANGED (re-validation changed the cart; `notices`), 409 INSUFFICIENT_STOCK, 422 CHECKOUT_INCOMPLETE (no lines, e-mail, address or shipping method; `errors`), 422 NO_SHIPPING_TO_ADDRESS, 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (merged).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The total the shopper saw; if the cart now costs something else: 409, nothing charged */
                        expected_total?: number;
                        /** @description The token the payment provider gave the storefront, e.g. tok_visa with the test processor, or a manual method the store offers (GET /store/v1/payment-methods): cash_on_delivery, bank_transfer — the order is placed unpaid and the shop marks it paid. Required unless the order costs nothing */
                        payment_method?: string;
                        /**
                         * Format: uri
                         * @description Where the shopper comes back after a 3-D Secure challenge
                         */
                        return_url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 1, 2, … per cart: a retry after a failure is a new attempt */
                            attempt: number;
                            cart_id: string;
                            created_at: string;
                            currency: string;
                            failure: {
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            finished_at: string | null;
                            /** @description The attempt (chk_…) */
                            id: string;
                            order: {
                                access_token: string | null;
                                /** @description A guest's link to the order's status page (GET /store/v1/orders/{id}?token=…); null for a customer */
                                access_url: string | null;
                                display_number: string;
                                id: string;
                                number: number;
                                payment_status: string;
                                status: string;
                                totals: {
                                    discount: number;
                                    shipping: number;
                                    subtotal: number;
                                    tax: number;
                                    total: number;
                                };
                            } | null;
                            payment: {
                                intent_id: string | null;
                                /** @description requires_action: send the shopper here (3-D Secure); they come back to return_url */
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    url: string;
                                } | null;
                            };
                            /** @enum {string} */
                            status: "running" | "requires_action" | "completed" | "failed";
                            /** @description validated, awaiting_action, order_created, completed or failed: how far the workflow got */
                            step: string;
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                tax_total: number;
                                /** @description What is charged */
                                total: number;
                            };
                            updated_at: string;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description 1, 2, … per cart: a retry after a failure is a new attempt */
                            attempt: number;
                            cart_id: string;
                            created_at: string;
                            currency: string;
                            failure: {
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            finished_at: string | null;
                            /** @description The attempt (chk_…) */
                            id: string;
                            order: {
                                access_token: string | null;
                                /** @description A guest's link to the order's status page (GET /store/v1/orders/{id}?token=…); null for a customer */
                                access_url: string | null;
                                display_number: string;
                                id: string;
                                number: number;
                                payment_status: string;
                                status: string;
                                totals: {
                                    discount: number;
                                    shipping: number;
                                    subtotal: number;
                                    tax: number;
                                    total: number;
                                };
                            } | null;
                            payment: {
                                intent_id: string | null;
                                /** @description requires_action: send the shopper here (3-D Secure); they come back to return_url */
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    url: string;
                                } | null;
                            };
                            /** @enum {string} */
                            status: "running" | "requires_action" | "completed" | "failed";
                            /** @description validated, awaiting_action, order_created, completed or failed: how far the workflow got */
                            step: string;
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                tax_total: number;
                                /** @description What is charged */
                                total: number;
                            };
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/coupons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a coupon code
         * @description Codes ignore case. A cart takes one discount code and one free-shipping code. Refused with nothing changed: 404 COUPON_NOT_FOUND, 422 COUPON_EXPIRED / COUPON_NOT_YET_VALID / COUPON_MINIMUM_NOT_MET / COUPON_NOT_APPLICABLE (scope, currency, a second code of a kind), 409 COUPON_LIMIT_REACHED. Every later change re-checks the code and removes it, with a notice, once it stops applying. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/coupons/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a coupon code from the cart
         * @description 404 COUPON_NOT_FOUND when the cart does not have it. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a variant to the cart
         * @description A variant already in the cart gets more units on its line. Refused with nothing changed: 404 a variant not for sale in this store, 422 UNPROCESSABLE no price in the cart currency, 422 CART_LIMIT_EXCEEDED above the per-line quantity or the number of lines, 409 INSUFFICIENT_STOCK more than can be sold. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 1 */
                        quantity?: number;
                        variant_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/lines/{lineId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a line from the cart
         * @description Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                    lineId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Set a line's quantity
         * @description At least 1 (DELETE the line to remove it). More units are checked against the per-line limit (422) and the stock (409). Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                    lineId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/store/v1/carts/{cartId}/lines/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add several variants to the cart at once (a quick-order form, buy again)
         * @description Each line as POST …/lines adds it, in one change (one `cart.line_added` each). All or nothing: a refusal names its line (`body.lines[2].quantity`) and changes nothing. With `skip_unavailable`, lines that cannot be added (not for sale, no price, out of stock, a limit) are left out and told in `notices` (`line_not_added`, with the variant and the reason) and the rest are added. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            /** @default 1 */
                            quantity?: number;
                            variant_id: string;
                        }[];
                        /**
                         * @description Add what can be added and tell the rest in `notices` (`line_not_added`), instead of refusing them all (a reorder, a saved list)
                         * @default false
                         */
                        skip_unavailable?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge an anonymous cart into the signed-in customer's cart
         * @description Call right after sign-in with the anonymous cart the shopper was using. The customer’s active cart absorbs it (quantities summed within the line limit and the stock; notices say what could not be kept) and it becomes `merged`; a customer without a cart simply gets this one. Answers the customer’s cart. Idempotent: merging it again returns the same cart. 403 when it belongs to another customer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/shipping-method": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Choose the cart's shipping method
         * @description Quoted for the cart now and again at every later change, so `totals` include shipping and tax. Refused with nothing changed: 422 UNPROCESSABLE no shipping address or no lines, 422 NO_SHIPPING_TO_ADDRESS no zone covers the address, 422 SHIPPING_METHOD_UNAVAILABLE the method does not serve this address or basket, 404 unknown method. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Refuse the change (409 CONFLICT) unless the cart is still at this version */
                    "if-match"?: string;
                };
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A method id from GET …/shipping-options */
                        method_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/carts/{cartId}/shipping-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Shipping rates for the cart
         * @description The methods of the zone serving the cart's shipping address that fit its lines, cheapest first (an empty cart has none). 422 UNPROCESSABLE without a shipping address; 422 NO_SHIPPING_TO_ADDRESS when no zone covers the address. Refusals: 404 unknown cart, 403 another customer’s cart, 410 CART_EXPIRED, 409 CART_NOT_ACTIVE (completed or merged), 409 CONFLICT (If-Match version is stale).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Minor units of the cart currency */
                                amount: number;
                                currency: string;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_applied: boolean;
                                /** @description The shipping method id to PUT as method_id */
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The category tree, with counts of active products (including subcategories) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                children: {
                                    children: {
                                        children: {
                                            children: {
                                                children: {
                                                    children: {
                                                        [key: string]: unknown;
                                                    }[];
                                                    description: string;
                                                    handle: string;
                                                    id: string;
                                                    name: string;
                                                    parent_id: string | null;
                                                    position: number;
                                                    /** @description Distinct products in this category or any below it */
                                                    product_count: number;
                                                }[];
                                                description: string;
                                                handle: string;
                                                id: string;
                                                name: string;
                                                parent_id: string | null;
                                                position: number;
                                                /** @description Distinct products in this category or any below it */
                                                product_count: number;
                                            }[];
                                            description: string;
                                            handle: string;
                                            id: string;
                                            name: string;
                                            parent_id: string | null;
                                            position: number;
                                            /** @description Distinct products in this category or any below it */
                                            product_count: number;
                                        }[];
                                        description: string;
                                        handle: string;
                                        id: string;
                                        name: string;
                                        parent_id: string | null;
                                        position: number;
                                        /** @description Distinct products in this category or any below it */
                                        product_count: number;
                                    }[];
                                    description: string;
                                    handle: string;
                                    id: string;
                                    name: string;
                                    parent_id: string | null;
                                    position: number;
                                    /** @description Distinct products in this category or any below it */
                                    product_count: number;
                                }[];
                                description: string;
                                handle: string;
                                id: string;
                                name: string;
                                parent_id: string | null;
                                position: number;
                                /** @description Distinct products in this category or any below it */
                                product_count: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/collections/{handle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A collection and its active products, in the merchant's order */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    locale?: string;
                };
                header?: never;
                path: {
                    handle: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collection: {
                                created_at: string;
                                description: string;
                                handle: string;
                                id: string;
                                title: string;
                                updated_at: string;
                            };
                            products: {
                                data: {
                                    handle: string;
                                    id: string;
                                    image_alt: string | null;
                                    image_url: string | null;
                                    position: number;
                                    status: string;
                                    title: string;
                                }[];
                                next_cursor: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in a shopper
         * @description Repeated failures lock the account and the IP for a while (429 ACCOUNT_LOCKED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            customer: {
                                created_at: string;
                                email: string;
                                first_name: string | null;
                                id: string;
                                last_name: string | null;
                            };
                            expires_in: number;
                            refresh_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the shopper's session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            email: string;
                            first_name: string | null;
                            id: string;
                            last_name: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the signed-in shopper's name */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        first_name?: string | null;
                        last_name?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            email: string;
                            first_name: string | null;
                            id: string;
                            last_name: string | null;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/store/v1/customers/me/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper's address book, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                id: string;
                                is_default_billing: boolean;
                                is_default_shipping: boolean;
                                /** @description The shopper's name for it: "Home", "Office"… */
                                label: string | null;
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Add an address to the address book
         * @description The first address becomes the default shipping and billing address. A full address book (CUSTOMER_MAX_ADDRESSES) is 409 LIMIT_REACHED. Accepts Idempotency-Key.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /** @description Make it the default billing address */
                        default_billing?: boolean;
                        /** @description Make it the default shipping address */
                        default_shipping?: boolean;
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            is_default_billing: boolean;
                            is_default_shipping: boolean;
                            /** @description The shopper's name for it: "Home", "Office"… */
                            label: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/addresses/{addressId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One address of the address book */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    addressId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            is_default_billing: boolean;
                            is_default_shipping: boolean;
                            /** @description The shopper's name for it: "Home", "Office"… */
                            label: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Remove an address
         * @description If it was a default, the newest remaining address becomes the default.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    addressId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an address, its label, or make it the default
         * @description `address` replaces the whole address. `default_shipping: true` / `default_billing: true` make it the default (the previous default stops being one); to change a default, choose another address.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    addressId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Replaces the whole address */
                        address?: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /**
                         * @description Make it the default billing address
                         * @enum {boolean}
                         */
                        default_billing?: true;
                        /**
                         * @description Make it the default shipping address (to change the default, choose another one)
                         * @enum {boolean}
                         */
                        default_shipping?: true;
                        label?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            id: string;
                            is_default_billing: boolean;
                            is_default_shipping: boolean;
                            /** @description The shopper's name for it: "Home", "Office"… */
                            label: string | null;
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/store/v1/customers/me/cart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in customer's active cart
         * @description 404 when they have none.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            completed_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            customer_id: string | null;
                            discounts: {
                                /** @description Taken off the lines (0 for free shipping) */
                                amount: number;
                                code: string;
                                free_shipping: boolean;
                                /** @enum {string} */
                                kind: "percentage" | "fixed_amount" | "free_shipping";
                                /** @description The amount split over the lines it applies to; the parts sum to it exactly */
                                lines: {
                                    amount: number;
                                    line_id: string;
                                }[];
                            }[];
                            email: string | null;
                            /** @description ISO 8601, UTC */
                            expires_at: string;
                            id: string;
                            /** @description Units in the cart */
                            item_count: number;
                            lines: {
                                /** @description The "was" price, when above unit_price */
                                compare_at_price: number | null;
                                /** @description This line's share of the coupon discounts */
                                discount: number;
                                id: string;
                                image_url: string | null;
                                /** @description What produced unit_price: base price, price list, rule or exchange rate */
                                price_source: {
                                    id: string;
                                    kind: string;
                                    name: string;
                                };
                                product_id: string;
                                product_title: string;
                                quantity: number;
                                sku: string;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description This line's tax (0 until a shipping address is known) */
                                tax: number;
                                /** @description subtotal − discount */
                                total: number;
                                /** @description Price of one unit when the cart last changed */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string;
                                weight_grams: number | null;
                            }[];
                            locale: string | null;
                            merged_into_cart_id: string | null;
                            /** @description The shopper's note for the shop (delivery instructions, a gift message) */
                            note: string | null;
                            /** @description What this change did besides what was asked (a price that changed, a coupon that stopped applying…) */
                            notices: {
                                /** @enum {string} */
                                code: "price_changed" | "line_removed" | "line_not_added" | "quantity_reduced" | "coupon_removed" | "shipping_method_removed";
                                coupon_code?: string;
                                line_id?: string;
                                message: string;
                                previous_quantity?: number;
                                previous_unit_price?: number;
                                quantity?: number;
                                /** @description line_removed: unavailable | no_price | out_of_stock | line_limit; line_not_added (adding several lines with skip_unavailable): unavailable | no_price | out_of_stock | limit; quantity_reduced: quantity_limit | stock; coupon_removed: the error code the coupon now gets (e.g. COUPON_EXPIRED); shipping_method_removed: the error code the method now gets (NO_SHIPPING_TO_ADDRESS, SHIPPING_METHOD_UNAVAILABLE, NOT_FOUND) */
                                reason?: string;
                                unit_price?: number;
                                variant_id?: string;
                            }[];
                            order_id: string | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            /** @description The chosen shipping method, as last quoted */
                            shipping_method: {
                                /** @description The rate before a free-shipping coupon (totals.shipping_discount waives it) */
                                amount: number;
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                /** @description The method's own free-shipping threshold was reached */
                                free_shipping_applied: boolean;
                                id: string;
                                name: string;
                            } | null;
                            /** @enum {string} */
                            status: "active" | "completed" | "expired" | "merged";
                            totals: {
                                discount_total: number;
                                shipping_discount: number;
                                /** @description 0 until a shipping method is chosen, or with free shipping */
                                shipping_total: number;
                                subtotal: number;
                                tax_inclusive: boolean;
                                /** @description 0 until the cart has a shipping address */
                                tax_total: number;
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                            /** @description Bumped by every change; send it back in If-Match to refuse a stale change */
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where marketing consent stands on each channel (email, sms, push) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description When the shopper gave or withdrew it */
                                changed_at: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                source: ("checkout" | "account" | "import" | "admin" | "recovery") | null;
                                /**
                                 * @description `none`: never asked — which, for marketing, means no consent
                                 * @enum {string}
                                 */
                                status: "granted" | "withdrawn" | "none";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/consent/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Grant or withdraw marketing consent on a channel
         * @description Recorded with source `account` and the time; repeating the current answer records nothing.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channel: "email" | "sms" | "push";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "granted" | "withdrawn";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description When the shopper gave or withdrew it */
                            changed_at: string | null;
                            /** @enum {string} */
                            channel: "email" | "sms" | "push";
                            source: ("checkout" | "account" | "import" | "admin" | "recovery") | null;
                            /**
                             * @description `none`: never asked — which, for marketing, means no consent
                             * @enum {string}
                             */
                            status: "granted" | "withdrawn" | "none";
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/consent/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every statement of marketing consent, newest first */
        get: {
            parameters: {
                query?: {
                    channel?: "email" | "sms" | "push";
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                actor_type: string | null;
                                /** @enum {string} */
                                channel: "email" | "sms" | "push";
                                id: string;
                                /** @description ISO 8601, UTC */
                                occurred_at: string;
                                /** @description ISO 8601, UTC */
                                recorded_at: string;
                                /** @enum {string} */
                                source: "checkout" | "account" | "import" | "admin" | "recovery";
                                /** @enum {string} */
                                status: "granted" | "withdrawn";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download everything the store holds about the signed-in shopper (GDPR)
         * @description JSON, one section per module, served as an attachment. Audited.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer_id: string;
                            /** @description One section per module that holds personal data (identity, customers, and later cart, orders…) */
                            data: {
                                [key: string]: unknown;
                            };
                            /** @description ISO 8601, UTC */
                            exported_at: string;
                            /** @enum {string} */
                            format: "carton.customer-export.v1";
                            store_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper's orders, newest first (guest orders of their e-mail included once they register) */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                billing_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                } | null;
                                cancel_reason: string | null;
                                cancelled_at: string | null;
                                /** @description Minor units of the order currency */
                                captured_amount: number;
                                confirmed_at: string | null;
                                coupon_codes: string[];
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                currency: string;
                                /** @description Null for a guest order */
                                customer_id: string | null;
                                /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                                customer_note: string | null;
                                delivered_at: string | null;
                                /** @description #1001 */
                                display_number: string;
                                email: string;
                                /** @enum {string} */
                                fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                                id: string;
                                lines: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    fulfilled_quantity: number;
                                    id: string;
                                    image_url: string | null;
                                    product_id: string;
                                    quantity: number;
                                    /** @description Units received back by returns */
                                    returned_quantity: number;
                                    sku: string | null;
                                    /** @description unit_price × quantity */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    title: string;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                    /** @description Minor units of the order currency */
                                    unit_price: number;
                                    variant_id: string;
                                    variant_title: string | null;
                                }[];
                                locale: string | null;
                                /** @description Per store, from 1001 */
                                number: number;
                                /** @enum {string} */
                                payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                shipped_at: string | null;
                                /** @description The shipping method chosen at checkout */
                                shipping: {
                                    /** @description Minor units of the order currency */
                                    amount: number;
                                    method_id: string;
                                    name: string;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                } | null;
                                shipping_address: {
                                    city: string;
                                    company?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country: string;
                                    first_name?: string;
                                    last_name?: string;
                                    line1: string;
                                    line2?: string;
                                    phone?: string;
                                    postal_code?: string;
                                    region?: string;
                                };
                                /** @enum {string} */
                                status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                                tax_inclusive: boolean;
                                totals: {
                                    /** @description Minor units of the order currency */
                                    discount: number;
                                    /** @description Minor units of the order currency */
                                    shipping: number;
                                    /** @description Minor units of the order currency */
                                    subtotal: number;
                                    /** @description Minor units of the order currency */
                                    tax: number;
                                    /** @description Minor units of the order currency */
                                    total: number;
                                };
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order of the signed-in shopper, with shipments and returns */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            /** @description Until when (ISO 8601, UTC) the shopper may cancel the order themselves; null when they may not */
                            cancellable_until: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            fulfilments: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            }[];
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Paid outside the shop (cash on delivery, bank transfer): unpaid while payment_status is pending */
                            manual_payment: {
                                /** @description The store's instructions (bank account, reference) */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            } | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            returns: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order of the signed-in shopper that is not yet being prepared
         * @description While the order is confirmed (not yet being prepared) and within the store’s window after it was placed (`cancellable_until` on the order; 60 minutes unless the store sets `settings.orders.shopper_cancel_minutes`, 0 = never): the stock goes back and the payment is voided or refunded, as when staff cancel. 409 INVALID_STATE_TRANSITION afterwards. Cancelling a cancelled order answers it as it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why, for the shop (shown in the order history) */
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            /** @description Until when (ISO 8601, UTC) the shopper may cancel the order themselves; null when they may not */
                            cancellable_until: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            fulfilments: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            }[];
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Paid outside the shop (cash on delivery, bank transfer): unpaid while payment_status is pending */
                            manual_payment: {
                                /** @description The store's instructions (bank account, reference) */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            } | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            returns: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/orders/{orderId}/invoice.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice of an order of the signed-in shopper (PDF) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/orders/{orderId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask to return shipped units of an order */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            order_line_id: string;
                            quantity: number;
                        }[];
                        note?: string;
                        /** @description Why the units come back */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Variants' prices for the signed-in shopper, with their customer groups' price lists and rules
         * @description Beside each price, the public one (a shopper in no group). Product pages are the same for everyone; a storefront asks this to show a signed-in shopper the price their cart will take. Unknown variants, and variants without a price in the currency, have null amounts.
         */
        get: {
            parameters: {
                query: {
                    /** @description The currency to price in; the store's when omitted */
                    currency?: string;
                    /** @description Comma-separated variant ids, at most 100 */
                    variant_ids: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description What this shopper pays for one unit; null without a price */
                                amount: number | null;
                                compare_at_amount: number | null;
                                currency: string;
                                /** @description Whether the shopper's customer groups make their price differ */
                                group_price: boolean;
                                /** @description What a shopper in no customer group pays */
                                public_amount: number | null;
                                variant_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/product-prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Products' price ranges for the signed-in shopper, with their customer groups' prices
         * @description For listings (search, categories), which show each product’s price range: the range this shopper pays across its variants and the public range beside it. Unknown products have null amounts.
         */
        get: {
            parameters: {
                query: {
                    /** @description The currency to price in; the store's when omitted */
                    currency?: string;
                    /** @description Comma-separated product ids, at most 100 */
                    product_ids: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                currency: string;
                                /** @description Whether the shopper's customer groups price any of its variants differently */
                                group_price: boolean;
                                /** @description Their highest */
                                max: number | null;
                                /** @description This shopper's lowest price among the product's variants */
                                min: number | null;
                                product_id: string;
                                public_max: number | null;
                                /** @description The lowest price a shopper in no customer group pays */
                                public_min: number | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper's profile details (phone, locale, registration) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer_id: string;
                            erased_at: string | null;
                            locale: string | null;
                            phone: string | null;
                            /** @description When the shopper created their password */
                            registered_at: string | null;
                            /** @description They had checked out as a guest before registering */
                            was_guest: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the signed-in shopper's phone number or locale (null clears one)
         * @description Names are changed with PATCH /store/v1/customers/me.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        locale?: string | null;
                        phone?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer_id: string;
                            erased_at: string | null;
                            locale: string | null;
                            phone: string | null;
                            /** @description When the shopper created their password */
                            registered_at: string | null;
                            /** @description They had checked out as a guest before registering */
                            was_guest: boolean;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/store/v1/customers/me/wishlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper's wish list, newest first, with product titles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description ISO 8601, UTC */
                                added_at: string;
                                /** @description The product (and variant) still exist and the product is for sale */
                                available: boolean;
                                id: string;
                                /** @description Null when the product no longer exists */
                                product: {
                                    handle: string;
                                    title: string;
                                } | null;
                                product_id: string;
                                variant: {
                                    sku: string;
                                    title: string;
                                } | null;
                                variant_id: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Put a product or variant on the wish list
         * @description Idempotent: adding what is already there answers 200 with the existing item. A product that is not for sale in this store (or an unknown variant) is 404; a full wish list 409 LIMIT_REACHED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A product (any of its variants) */
                        product_id?: string;
                        /** @description One variant; its product is implied */
                        variant_id?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601, UTC */
                            added_at: string;
                            /** @description The product (and variant) still exist and the product is for sale */
                            available: boolean;
                            id: string;
                            /** @description Null when the product no longer exists */
                            product: {
                                handle: string;
                                title: string;
                            } | null;
                            product_id: string;
                            variant: {
                                sku: string;
                                title: string;
                            } | null;
                            variant_id: string | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ISO 8601, UTC */
                            added_at: string;
                            /** @description The product (and variant) still exist and the product is for sale */
                            available: boolean;
                            id: string;
                            /** @description Null when the product no longer exists */
                            product: {
                                handle: string;
                                title: string;
                            } | null;
                            product_id: string;
                            variant: {
                                sku: string;
                                title: string;
                            } | null;
                            variant_id: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/me/wishlist/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take an item off the wish list */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** E-mail a password-reset link (always 202) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose a new password with the e-mailed token; the shopper's sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer: {
                                created_at: string;
                                email: string;
                                first_name: string | null;
                                id: string;
                                last_name: string | null;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange a shopper's refresh token for new tokens (single use; reuse ends the session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            customer: {
                                created_at: string;
                                email: string;
                                first_name: string | null;
                                id: string;
                                last_name: string | null;
                            };
                            expires_in: number;
                            refresh_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/customers/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a shopper account and sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        first_name?: string;
                        last_name?: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            customer: {
                                created_at: string;
                                email: string;
                                first_name: string | null;
                                id: string;
                                last_name: string | null;
                            };
                            expires_in: number;
                            refresh_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/messaging/push/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The store's VAPID public key, for PushManager.subscribe({ applicationServerKey }) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            vapid_public_key: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/messaging/push/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a shopper’s push subscription and their consent to cart reminders by push
         * @description Send it once the browser granted the permission (source `push_prompt`). Idempotent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        subscription: {
                            /** Format: uri */
                            endpoint: string;
                            expirationTime?: number | null;
                            keys: {
                                auth: string;
                                p256dh: string;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            /** @enum {string} */
                            consent: "granted";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A guest's order through its signed, expiring order-status token */
        get: {
            parameters: {
                query: {
                    /** @description The order-status token the checkout handed out (or the e-mail linked) */
                    token: string;
                };
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            /** @description Until when (ISO 8601, UTC) the shopper may cancel the order themselves; null when they may not */
                            cancellable_until: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            fulfilments: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            }[];
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Paid outside the shop (cash on delivery, bank transfer): unpaid while payment_status is pending */
                            manual_payment: {
                                /** @description The store's instructions (bank account, reference) */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            } | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            returns: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A guest cancels their order (with the order-status token) before it is being prepared
         * @description While the order is confirmed (not yet being prepared) and within the store’s window after it was placed (`cancellable_until` on the order; 60 minutes unless the store sets `settings.orders.shopper_cancel_minutes`, 0 = never): the stock goes back and the payment is voided or refunded, as when staff cancel. 409 INVALID_STATE_TRANSITION afterwards. Cancelling a cancelled order answers it as it is.
         */
        post: {
            parameters: {
                query: {
                    /** @description The order-status token the checkout handed out (or the e-mail linked) */
                    token: string;
                };
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why, for the shop (shown in the order history) */
                        reason?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            billing_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            } | null;
                            cancel_reason: string | null;
                            /** @description Until when (ISO 8601, UTC) the shopper may cancel the order themselves; null when they may not */
                            cancellable_until: string | null;
                            cancelled_at: string | null;
                            /** @description Minor units of the order currency */
                            captured_amount: number;
                            confirmed_at: string | null;
                            coupon_codes: string[];
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            currency: string;
                            /** @description Null for a guest order */
                            customer_id: string | null;
                            /** @description The shopper's note for the shop from checkout (delivery instructions, a gift message) */
                            customer_note: string | null;
                            delivered_at: string | null;
                            /** @description #1001 */
                            display_number: string;
                            email: string;
                            /** @enum {string} */
                            fulfilment_status: "unfulfilled" | "partial" | "fulfilled";
                            fulfilments: {
                                carrier: string | null;
                                delivered_at: string | null;
                                id: string;
                                lines: {
                                    order_line_id: string;
                                    quantity: number;
                                }[];
                                order_id: string;
                                /** @description ISO 8601, UTC */
                                shipped_at: string;
                                tracking_number: string | null;
                                tracking_url: string | null;
                            }[];
                            id: string;
                            lines: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                fulfilled_quantity: number;
                                id: string;
                                image_url: string | null;
                                product_id: string;
                                quantity: number;
                                /** @description Units received back by returns */
                                returned_quantity: number;
                                sku: string | null;
                                /** @description unit_price × quantity */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                title: string;
                                /** @description Minor units of the order currency */
                                total: number;
                                /** @description Minor units of the order currency */
                                unit_price: number;
                                variant_id: string;
                                variant_title: string | null;
                            }[];
                            locale: string | null;
                            /** @description Paid outside the shop (cash on delivery, bank transfer): unpaid while payment_status is pending */
                            manual_payment: {
                                /** @description The store's instructions (bank account, reference) */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            } | null;
                            /** @description Per store, from 1001 */
                            number: number;
                            /** @enum {string} */
                            payment_status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            returns: {
                                approved_at: string | null;
                                /** @description ISO 8601, UTC */
                                created_at: string;
                                /** @description #1001-R1 */
                                display_number: string;
                                id: string;
                                lines: {
                                    id: string;
                                    order_line_id: string;
                                    quantity: number;
                                    received_quantity: number;
                                    restocked_quantity: number;
                                }[];
                                note: string | null;
                                order_id: string;
                                reason: string | null;
                                received_at: string | null;
                                /** @description What the received units were paid for: the default refund */
                                received_value: number;
                                /** @description The refund decided (asked of payments), once decided */
                                refund_amount: number | null;
                                refund_id: string | null;
                                /** @description Minor units of the order currency */
                                refunded_amount: number;
                                refunded_at: string | null;
                                rejected_at: string | null;
                                rejection_reason: string | null;
                                /** @enum {string} */
                                requested_by: "customer" | "staff";
                                /** @enum {string} */
                                status: "requested" | "approved" | "received" | "refunded" | "rejected";
                                /** @description ISO 8601, UTC */
                                updated_at: string;
                            }[];
                            shipped_at: string | null;
                            /** @description The shipping method chosen at checkout */
                            shipping: {
                                /** @description Minor units of the order currency */
                                amount: number;
                                method_id: string;
                                name: string;
                                /** @description Minor units of the order currency */
                                tax: number;
                            } | null;
                            shipping_address: {
                                city: string;
                                company?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                first_name?: string;
                                last_name?: string;
                                line1: string;
                                line2?: string;
                                phone?: string;
                                postal_code?: string;
                                region?: string;
                            };
                            /** @enum {string} */
                            status: "pending" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled" | "returned" | "refunded";
                            tax_inclusive: boolean;
                            totals: {
                                /** @description Minor units of the order currency */
                                discount: number;
                                /** @description Minor units of the order currency */
                                shipping: number;
                                /** @description Minor units of the order currency */
                                subtotal: number;
                                /** @description Minor units of the order currency */
                                tax: number;
                                /** @description Minor units of the order currency */
                                total: number;
                            };
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/orders/{orderId}/invoice.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A guest's invoice through the order-status token (PDF) */
        get: {
            parameters: {
                query: {
                    /** @description The order-status token the checkout handed out (or the e-mail linked) */
                    token: string;
                };
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice (PDF) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/orders/{orderId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A guest asks to return shipped units (with the order-status token) */
        post: {
            parameters: {
                query: {
                    /** @description The order-status token the checkout handed out (or the e-mail linked) */
                    token: string;
                };
                header?: never;
                path: {
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            order_line_id: string;
                            quantity: number;
                        }[];
                        note?: string;
                        /** @description Why the units come back */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approved_at: string | null;
                            /** @description ISO 8601, UTC */
                            created_at: string;
                            /** @description #1001-R1 */
                            display_number: string;
                            id: string;
                            lines: {
                                id: string;
                                order_line_id: string;
                                quantity: number;
                                received_quantity: number;
                                restocked_quantity: number;
                            }[];
                            note: string | null;
                            order_id: string;
                            reason: string | null;
                            received_at: string | null;
                            /** @description What the received units were paid for: the default refund */
                            received_value: number;
                            /** @description The refund decided (asked of payments), once decided */
                            refund_amount: number | null;
                            refund_id: string | null;
                            /** @description Minor units of the order currency */
                            refunded_amount: number;
                            refunded_at: string | null;
                            rejected_at: string | null;
                            rejection_reason: string | null;
                            /** @enum {string} */
                            requested_by: "customer" | "staff";
                            /** @enum {string} */
                            status: "requested" | "approved" | "received" | "refunded" | "rejected";
                            /** @description ISO 8601, UTC */
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/orders/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find my order: e-mail the link to an order, given its number and the address it was placed with
         * @description Always 202 for a well-formed question, whether or not an order matched: the link (signed, as the confirmation’s) goes by e-mail to the order’s own address, after the answer, at most 5 per address and hour.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @description The order number, with or without its # */
                        number: number | string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "accepted";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/payment-intents/{intentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A payment's status, for the storefront to follow (e.g. after a challenge) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    intentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            currency: string;
                            id: string;
                            last_error: {
                                /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                code: string;
                                /** @description Readable by the shopper */
                                message: string;
                            } | null;
                            next_action: {
                                /** @enum {string} */
                                type: "redirect_to_url";
                                /** @description Send the shopper here to complete the challenge */
                                url: string;
                            } | null;
                            /** @enum {string} */
                            status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What shoppers may pay this store with
         * @description Cards through the store’s provider, and the manual methods it takes (cash on delivery, bank transfer) with the instructions the shopper will read after placing the order.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Cards, through this provider (the storefront collects the card with the provider's own form); null when none is set up */
                            card: {
                                /** @enum {string} */
                                provider: "test" | "stripe";
                            } | null;
                            /** @description Methods paid outside the shop: the order is placed unpaid; pass `method` as the payment_method */
                            manual: {
                                /** @description What the shopper will be asked to do after placing the order */
                                instructions: string | null;
                                /** @enum {string} */
                                method: "cash_on_delivery" | "bank_transfer";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/payments/test-challenges/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The test processor's 3-D Secure challenge page (HTML)
         * @description Where `next_action.url` of a test-processor payment sends the shopper: a small page with Approve and Fail buttons. The signed link is the credential.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The challenge page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        /**
         * Answer a test 3-D Secure challenge
         * @description The page posts its form here (`outcome=approve` or `outcome=fail`); the payment becomes authorized or failed, and the shopper is sent back to the return URL (303) or shown the result. A client that asks for JSON (`Accept: application/json`) gets the outcome as JSON. The first answer stands.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description approve: the shopper passes the challenge; fail: they do not
                         * @enum {string}
                         */
                        outcome: "approve" | "fail";
                    };
                    "application/x-www-form-urlencoded": {
                        /**
                         * @description approve: the shopper passes the challenge; fail: they do not
                         * @enum {string}
                         */
                        outcome: "approve" | "fail";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            outcome: "approved" | "failed";
                            payment_intent: {
                                amount: number;
                                currency: string;
                                id: string;
                                last_error: {
                                    /** @description Decline reason or error code, e.g. insufficient_funds, provider_timeout */
                                    code: string;
                                    /** @description Readable by the shopper */
                                    message: string;
                                } | null;
                                next_action: {
                                    /** @enum {string} */
                                    type: "redirect_to_url";
                                    /** @description Send the shopper here to complete the challenge */
                                    url: string;
                                } | null;
                                /** @enum {string} */
                                status: "requires_payment_method" | "requires_action" | "processing" | "authorized" | "captured" | "canceled" | "failed";
                            };
                            /** @description Where the shopper goes next, if the payment named one */
                            return_url: string | null;
                        };
                    };
                };
                /** @description Back to the return URL */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products of a category (with its descendants) or a collection
         * @description Active products only. `sort=manual` (the default with `collection`) follows the collection order; otherwise `newest` by default.
         */
        get: {
            parameters: {
                query?: {
                    category?: string;
                    collection?: string;
                    currency?: string;
                    cursor?: string;
                    limit?: number;
                    sort?: "manual" | "newest" | "title" | "price_asc" | "price_desc";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                brand: string | null;
                                handle: string;
                                id: string;
                                image_url: string | null;
                                in_stock: boolean;
                                /** @description Price range over the variants */
                                price: {
                                    currency: string;
                                    max: number;
                                    min: number;
                                } | null;
                                title: string;
                            }[];
                            next_cursor: string | null;
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product by id, with prices in the shopper currency and availability */
        get: {
            parameters: {
                query?: {
                    currency?: string;
                    /** @description Translation to use (falls back to the language, then to the store default) */
                    locale?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brand: string | null;
                            category_ids: string[];
                            currency: string;
                            /** @description Markdown */
                            description: string;
                            handle: string;
                            id: string;
                            images: {
                                alt: string;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                url: string;
                                variant_id: string | null;
                            }[];
                            in_stock: boolean;
                            /** @description The translation used, or null for the default text */
                            locale: string | null;
                            options: {
                                name: string;
                                position: number;
                                values: string[];
                            }[];
                            price_range: {
                                max: number;
                                min: number;
                            } | null;
                            product_type: string | null;
                            seo: {
                                description: string | null;
                                title: string | null;
                            };
                            tags: string[];
                            title: string;
                            variants: {
                                /** @description Units that can be bought now (summed over locations) */
                                available: number;
                                id: string;
                                in_stock: boolean;
                                option_values: {
                                    [key: string]: string;
                                };
                                price: {
                                    amount: number;
                                    compare_at_amount: number | null;
                                    currency: string;
                                } | null;
                                sku: string;
                                title: string;
                                weight_grams: number | null;
                            }[];
                            vendor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/products/handle/{handle}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product by handle, with prices in the shopper currency and availability */
        get: {
            parameters: {
                query?: {
                    currency?: string;
                    /** @description Translation to use (falls back to the language, then to the store default) */
                    locale?: string;
                };
                header?: never;
                path: {
                    handle: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brand: string | null;
                            category_ids: string[];
                            currency: string;
                            /** @description Markdown */
                            description: string;
                            handle: string;
                            id: string;
                            images: {
                                alt: string;
                                id: string;
                                is_primary: boolean;
                                position: number;
                                url: string;
                                variant_id: string | null;
                            }[];
                            in_stock: boolean;
                            /** @description The translation used, or null for the default text */
                            locale: string | null;
                            options: {
                                name: string;
                                position: number;
                                values: string[];
                            }[];
                            price_range: {
                                max: number;
                                min: number;
                            } | null;
                            product_type: string | null;
                            seo: {
                                description: string | null;
                                title: string | null;
                            };
                            tags: string[];
                            title: string;
                            variants: {
                                /** @description Units that can be bought now (summed over locations) */
                                available: number;
                                id: string;
                                in_stock: boolean;
                                option_values: {
                                    [key: string]: string;
                                };
                                price: {
                                    amount: number;
                                    compare_at_amount: number | null;
                                    currency: string;
                                } | null;
                                sku: string;
                                title: string;
                                weight_grams: number | null;
                            }[];
                            vendor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/recovery/links/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a recovery link
         * @description The link in an abandoned-cart message. Restores the exact cart (a Carton cart still open is reused, otherwise a new one gets the same lines), or sends the shopper to the platform’s recovery URL; records the click. Redirects (302) when there is somewhere to go (the store’s `cart_url`, the platform’s URL); with `?format=json`, or nowhere to go, answers JSON. 404 a link that is not valid, 410 LINK_EXPIRED.
         */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "redirect";
                };
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The Carton cart to continue with */
                            cart_id: string | null;
                            /** @enum {string} */
                            outcome: "restored" | "reused" | "redirected" | "closed";
                            redirect_url: string | null;
                            skipped: {
                                reason: string;
                                title: string;
                                variant_id: string | null;
                            }[];
                            tracked_cart_id: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search products
         * @description Full-text search over active products with filters, facet counts (each facet ignores its own filter), sorts and cursor pagination. `price` is `min-max` in minor units of `currency` (default: the store currency); `option` repeats as `Name:Value`; `category` includes descendants.
         */
        get: {
            parameters: {
                query?: {
                    brand?: string | string[];
                    category?: string | string[];
                    currency?: string;
                    cursor?: string;
                    in_stock?: "true" | "false";
                    limit?: number;
                    option?: string | string[];
                    price?: string;
                    q?: string;
                    sort?: "relevance" | "price_asc" | "price_desc" | "newest" | "title";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                brand: string | null;
                                handle: string;
                                id: string;
                                image_url: string | null;
                                in_stock: boolean;
                                price: {
                                    currency: string;
                                    max: number;
                                    min: number;
                                } | null;
                                score: number;
                                title: string;
                            }[];
                            facets: {
                                brands: {
                                    count: number;
                                    value: string;
                                }[];
                                categories: {
                                    count: number;
                                    name: string | null;
                                    value: string;
                                }[];
                                in_stock: {
                                    in_stock: number;
                                    out_of_stock: number;
                                };
                                options: {
                                    name: string;
                                    values: {
                                        count: number;
                                        value: string;
                                    }[];
                                }[];
                                prices: {
                                    count: number;
                                    max: number | null;
                                    min: number;
                                }[];
                            };
                            next_cursor: string | null;
                            /** @description Send it back with POST /store/v1/search/clicks */
                            search_id: string;
                            total: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/search/autocomplete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Typo-tolerant suggestions while typing */
        get: {
            parameters: {
                query: {
                    limit?: number;
                    q: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                handle: string;
                                id: string;
                                title: string;
                                /** @enum {string} */
                                type: "product" | "category";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/search/clicks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a click on a search result */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        position?: number;
                        product_id: string;
                        search_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            accepted: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/store/v1/shipping-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Shipping rates for a basket and an address, before a cart exists
         * @description Weights and prices come from the catalog and pricing (before discounts). An address outside every shipping zone is 422 NO_SHIPPING_TO_ADDRESS; a covered address with no method fitting the basket gets an empty list.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: {
                            city: string;
                            company?: string;
                            country: string;
                            first_name?: string;
                            last_name?: string;
                            line1: string;
                            line2?: string;
                            phone?: string;
                            postal_code?: string;
                            region?: string;
                        };
                        /** @description The basket's currency; the store's when omitted */
                        currency?: string;
                        lines: {
                            quantity: number;
                            variant_id: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            currency: string;
                            data: {
                                amount: number;
                                currency: string;
                                /** @description Business days */
                                estimate: {
                                    max_days: number;
                                    min_days: number;
                                } | null;
                                free_shipping_applied: boolean;
                                method_id: string;
                                name: string;
                                provider: string;
                            }[];
                            subtotal: number;
                            weight_grams: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
