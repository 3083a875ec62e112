"""The catalog: products (with SKUs) and SKU price and stock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import require, respond, studio_of
from anchor_console.studio.routes.inputs import Body, CleanStr, Fen, Id, IdemKey, Name, Stock
from anchor_console.studio.store import Principal

router = APIRouter(tags=["catalog"])

Category = Annotated[CleanStr, Field(max_length=50)]
Description = Annotated[CleanStr, Field(max_length=2000)]


class SkuIn(Body):
    name: Name
    price_fen: Fen
    stock: Stock


class ProductIn(Body):
    name: Name
    category: Category = ""
    description: Description = ""
    skus: Annotated[list[SkuIn], Field(min_length=1, max_length=50)]


class ProductPatch(Body):
    name: Name | None = None
    category: Category | None = None
    description: Description | None = None


class SkuPatch(Body):
    price_fen: Fen | None = None
    stock: Stock | None = None


@router.get("/api/v1/products", responses=ok(schemas.ProductList))
async def list_products(request: Request, who: Principal = Depends(require("catalog.read"))):
    return {"items": studio_of(request).catalog.list_products()}


@router.post("/api/v1/products", status_code=201, responses=ok(schemas.Product, 201))
async def create_product(body: ProductIn, request: Request, key: IdemKey = None,
                         who: Principal = Depends(require("catalog.write"))):
    return await respond(who, key, request, body, lambda: studio_of(request).catalog.create_product(
        body.name, [s.model_dump() for s in body.skus], category=body.category, description=body.description), 201,
        durable=True)


@router.get("/api/v1/products/{product_id}", responses=ok(schemas.Product))
async def get_product(product_id: Id, request: Request, who: Principal = Depends(require("catalog.read"))):
    return studio_of(request).catalog.product(product_id)


@router.patch("/api/v1/products/{product_id}", responses=ok(schemas.Product))
async def patch_product(product_id: Id, body: ProductPatch, request: Request, key: IdemKey = None,
                        who: Principal = Depends(require("catalog.write"))):
    return await respond(who, key, request, body, lambda: studio_of(request).catalog.update_product(product_id, body.model_dump()))


@router.patch("/api/v1/skus/{sku_id}", responses=ok(schemas.Product))
async def patch_sku(sku_id: Id, body: SkuPatch, request: Request, key: IdemKey = None,
                    who: Principal = Depends(require("catalog.write"))):
    return await respond(who, key, request, body,
                         lambda: studio_of(request).catalog.update_sku(sku_id, price_fen=body.price_fen, stock=body.stock),
                         durable=True)
