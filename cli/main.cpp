#include <iostream>

#include "cli/commands.h"
#include "indexer/heap.h"

int main(int argc, char** argv) {
  citedex::keep_freed_heap(citedex::kKeptHeapBytes);
  std::ios::sync_with_stdio(false);
  return citedex::cli::run_cli(argc, argv, std::cout, std::cerr);
}
