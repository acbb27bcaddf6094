/**
 * For every stored state, its parent's id and its position among the parent's successors (for an initial state,
 * parent -1 and its index among the initial states). 6 bytes a state, in growable typed arrays.
 */
export class ParentLinks {
  private parents = new Int32Array(1 << 16);
  private positions = new Uint16Array(1 << 16);
  size = 0;

  get bytes(): number {
    return this.parents.byteLength + this.positions.byteLength;
  }

  /** Records a state and returns its id. */
  add(parent: number, position: number): number {
    if (position > 0xffff) throw new Error('check: a state has more than 65536 successors; positions do not fit');
    if (this.size === this.parents.length) {
      const parents = new Int32Array(this.size * 2);
      parents.set(this.parents);
      this.parents = parents;
      const positions = new Uint16Array(this.size * 2);
      positions.set(this.positions);
      this.positions = positions;
    }
    this.parents[this.size] = parent;
    this.positions[this.size] = position;
    return this.size++;
  }

  /** Positions from the initial state down to `id`: the first is the initial state's index. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== -1; at = this.parents[at]!) path.push(this.positions[at]!);
    return path.reverse();
  }
}
