"""The catalog: products (with SKUs) and SKU price and stock."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.schemas import ok
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for
from anchor_console.studio.routes.inputs import Body, CleanStr, Fen, Id, Name, Stock

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
async def list_products(caller: Caller = Depends(caller_for("catalog.read"))):
    return {"items": caller.studio.catalog.list_products()}


@router.post("/api/v1/products", status_code=201, responses=ok(schemas.Product, 201))
async def create_product(body: ProductIn, change: Change = Depends(change_for("catalog.write"))):
    return await change.apply(body, lambda studio: studio.catalog.create_product(
        body.name, [s.model_dump() for s in body.skus], category=body.category, description=body.description), 201,
        durable=True)


@router.get("/api/v1/products/{product_id}", responses=ok(schemas.Product))
async def get_product(product_id: Id, caller: Caller = Depends(caller_for("catalog.read"))):
    return caller.studio.catalog.product(product_id)


@router.patch("/api/v1/products/{product_id}", responses=ok(schemas.Product))
async def patch_product(product_id: Id, body: ProductPatch, change: Change = Depends(change_for("catalog.write"))):
    return await change.apply(body, lambda studio: studio.catalog.update_product(product_id, body.model_dump()))


@router.patch("/api/v1/skus/{sku_id}", responses=ok(schemas.Product))
async def patch_sku(sku_id: Id, body: SkuPatch, change: Change = Depends(change_for("catalog.write"))):
    return await change.apply(body, lambda studio: studio.catalog.update_sku(
        sku_id, price_fen=body.price_fen, stock=body.stock), durable=True)
