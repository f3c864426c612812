package braid.core;
